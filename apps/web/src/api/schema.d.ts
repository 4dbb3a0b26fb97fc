// Generated from docs/openapi.json by `npm run openapi` (scripts/web-client.ts, openapi-typescript).
// Do not edit by hand; test/web-client.spec.ts fails when this file and the document disagree.
export interface paths {
  '/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Health of the API, its database and Redis (anyone)
     * @description **Who:** anyone, without signing in.
     */
    get: operations['HealthController_check'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/auth/login': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Sign in with email and password for a bearer token (anyone)
     * @description **Who:** anyone, without signing in.
     */
    post: operations['AuthController_login'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/me': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The signed-in user, their memberships and their permissions per study
     * @description **Who:** any signed-in user.
     */
    get: operations['AuthController_me'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/me/password': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /**
     * Change your own password (any signed-in user)
     * @description **Who:** any signed-in user.
     */
    put: operations['AuthController_changePassword'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/users': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List the users with memberships and invitation state (platform administrator)
     * @description **Who:** a platform administrator.
     */
    get: operations['InvitationsController_list'];
    put?: never;
    /**
     * Create a user with a password (platform administrator)
     * @description **Who:** a platform administrator.
     */
    post: operations['UsersController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/users/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /**
     * Update a user: deactivate, rename, replace memberships, reset the password (platform administrator)
     * @description **Who:** a platform administrator.
     */
    patch: operations['UsersController_update'];
    trace?: never;
  };
  '/sites': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List every site (any signed-in user)
     * @description **Who:** any signed-in user.
     */
    get: operations['SitesController_list'];
    put?: never;
    /**
     * Create a site (platform administrator)
     * @description **Who:** a platform administrator.
     */
    post: operations['SitesController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/studies/{study}/go-live': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Take the study out of set-up: setup → recruiting (study admin, not site-bound)
     * @description **Who:** admin of the study, not bound to a site; a platform administrator. Permission `go_live` of `GET /me`.
     */
    post: operations['StudiesController_goLive'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/studies': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List the studies (any signed-in user)
     * @description **Who:** any signed-in user.
     */
    get: operations['StudiesController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/studies/{study}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The study definition and status (any study role, readers included)
     * @description **Who:** admin, data_manager, coordinator, investigator, monitor, statistician, reader of the study (a site-bound member sees only their sites); a platform administrator. Permission `view_definition` of `GET /me`.
     */
    get: operations['StudiesController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/studies/{study}/eligibility': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The eligibility criteria (any study role, readers included)
     * @description **Who:** admin, data_manager, coordinator, investigator, monitor, statistician, reader of the study (a site-bound member sees only their sites); a platform administrator. Permission `view_definition` of `GET /me`.
     */
    get: operations['StudiesController_eligibility'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/studies/{study}/sites': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Sites with recruitment target and number enrolled (any study role)
     * @description **Who:** admin, data_manager, coordinator, investigator, monitor, statistician of the study (a site-bound member sees only their sites); a platform administrator. Permission `view_study` of `GET /me`.
     */
    get: operations['StudiesController_listSites'];
    put?: never;
    /**
     * Add a site to the study (study admin, not site-bound)
     * @description **Who:** admin of the study, not bound to a site; a platform administrator. Permission `add_site` of `GET /me`.
     */
    post: operations['StudiesController_addSite'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/studies/{study}/recruitment': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Recruitment per site against target, with monthly curves (any study role)
     * @description **Who:** admin, data_manager, coordinator, investigator, monitor, statistician of the study (a site-bound member sees only their sites); a platform administrator. Permission `view_study` of `GET /me`.
     */
    get: operations['StudiesController_recruitment'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/studies/{study}/randomisation/allocations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The allocation log (admin, statistician; not site-bound)
     * @description **Who:** admin, statistician of the study, not bound to a site; a platform administrator. Permission `view_allocations` of `GET /me`.
     */
    get: operations['StudiesController_allocations'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/studies/{study}/randomisation/verification': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Regenerate every allocation from the secret seed and list mismatches (admin, statistician)
     * @description **Who:** admin, statistician of the study, not bound to a site; a platform administrator. Permission `view_allocations` of `GET /me`.
     */
    get: operations['StudiesController_verify'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/studies/{study}/participants': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List the participants at your sites (any study role)
     * @description **Who:** admin, data_manager, coordinator, investigator, monitor, statistician of the study (a site-bound member sees only their sites); a platform administrator. Permission `view_participants` of `GET /me`.
     */
    get: operations['ParticipantsController_list'];
    put?: never;
    /**
     * Enrol a participant (site staff)
     * @description **Who:** admin, coordinator, investigator of the study (a site-bound member sees only their sites); a platform administrator. Permission `enrol` of `GET /me`.
     */
    post: operations['ParticipantsController_enrol'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/studies/{study}/screening': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Screening log per site with failed criteria (any study role)
     * @description **Who:** admin, data_manager, coordinator, investigator, monitor, statistician of the study (a site-bound member sees only their sites); a platform administrator. Permission `view_participants` of `GET /me`.
     */
    get: operations['ParticipantsController_screening'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/participants/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A participant with status, arm and schedule (any study role)
     * @description **Who:** admin, data_manager, coordinator, investigator, monitor, statistician of the study at the participant’s site (or not bound to a site); a platform administrator. Permission `view_participants` of `GET /me`.
     */
    get: operations['ParticipantsController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/participants/{id}/randomisation': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Randomise a participant (site staff)
     * @description **Who:** admin, coordinator, investigator of the study at the participant’s site (or not bound to a site); a platform administrator. Permission `randomise` of `GET /me`.
     */
    post: operations['ParticipantsController_randomise'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/participants/{id}/status': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /**
     * Change a participant’s status: withdrawn, completed, lost to follow-up (site staff, data manager)
     * @description **Who:** admin, data_manager, coordinator, investigator of the study at the participant’s site (or not bound to a site); a platform administrator. Permission `change_status` of `GET /me`.
     */
    patch: operations['ParticipantsController_changeStatus'];
    trace?: never;
  };
  '/participants/{id}/treatment-stop': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /**
     * Record that study treatment stopped; follow-up goes on (site staff, data manager)
     * @description **Who:** admin, data_manager, coordinator, investigator of the study at the participant’s site (or not bound to a site); a platform administrator. Permission `change_status` of `GET /me`.
     */
    put: operations['ParticipantsController_stopTreatment'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/participants/{id}/contact': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A participant’s contact details, every read audited (site staff)
     * @description **Who:** admin, coordinator, investigator of the study at the participant’s site (or not bound to a site); a platform administrator. Permission `view_contact` of `GET /me`.
     */
    get: operations['ParticipantsController_contact'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/participants/{id}/audit': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A participant’s audit trail (record roles: not the statistician)
     * @description **Who:** admin, data_manager, coordinator, investigator, monitor of the study at the participant’s site (or not bound to a site); a platform administrator. Permission `view_records` of `GET /me`.
     */
    get: operations['ParticipantsController_audit'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/participants/{id}/events/{eventId}/forms/{formId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Read a case report form (record roles)
     * @description **Who:** admin, data_manager, coordinator, investigator, monitor of the study at the participant’s site (or not bound to a site); a platform administrator. Permission `view_records` of `GET /me`.
     */
    get: operations['FormsController_get'];
    /**
     * Save a case report form (site staff)
     * @description **Who:** admin, coordinator, investigator of the study at the participant’s site (or not bound to a site); a platform administrator. Permission `enter_data` of `GET /me`.
     */
    put: operations['FormsController_save'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/participants/{id}/events/{eventId}/forms/{formId}/audit': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A form’s audit rows, and the form as it stood at an instant (record roles)
     * @description **Who:** admin, data_manager, coordinator, investigator, monitor of the study at the participant’s site (or not bound to a site); a platform administrator. Permission `view_records` of `GET /me`.
     */
    get: operations['FormsController_history'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/participants/{id}/forms': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Every saved form instance of a participant (record roles)
     * @description **Who:** admin, data_manager, coordinator, investigator, monitor of the study at the participant’s site (or not bound to a site); a platform administrator. Permission `view_records` of `GET /me`.
     */
    get: operations['FormsController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/participants/{id}/queries': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A participant’s queries with their messages (record roles)
     * @description **Who:** admin, data_manager, coordinator, investigator, monitor of the study at the participant’s site (or not bound to a site); a platform administrator. Permission `view_records` of `GET /me`.
     */
    get: operations['ReviewController_listQueries'];
    put?: never;
    /**
     * Raise a query on a field (admin, data manager, monitor)
     * @description **Who:** admin, data_manager, monitor of the study at the participant’s site (or not bound to a site); a platform administrator. Permission `raise_query` of `GET /me`.
     */
    post: operations['ReviewController_openQuery'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/participants/{id}/queries/{queryId}/answer': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Answer a query (site staff)
     * @description **Who:** admin, coordinator, investigator of the study at the participant’s site (or not bound to a site); a platform administrator. Permission `answer_query` of `GET /me`.
     */
    post: operations['ReviewController_answer'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/participants/{id}/queries/{queryId}/close': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Close a query (admin, data manager, monitor)
     * @description **Who:** admin, data_manager, monitor of the study at the participant’s site (or not bound to a site); a platform administrator. Permission `close_query` of `GET /me`.
     */
    post: operations['ReviewController_close'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/participants/{id}/queries/{queryId}/reopen': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Reopen a closed query (admin, data manager, monitor)
     * @description **Who:** admin, data_manager, monitor of the study at the participant’s site (or not bound to a site); a platform administrator. Permission `close_query` of `GET /me`.
     */
    post: operations['ReviewController_reopen'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/studies/{study}/queries': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Queries at your sites with their age in days (record roles)
     * @description **Who:** admin, data_manager, coordinator, investigator, monitor of the study (a site-bound member sees only their sites); a platform administrator. Permission `view_records` of `GET /me`.
     */
    get: operations['ReviewController_studyQueries'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/participants/{id}/sdv': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Source data verification state of a participant’s forms (record roles)
     * @description **Who:** admin, data_manager, coordinator, investigator, monitor of the study at the participant’s site (or not bound to a site); a platform administrator. Permission `view_records` of `GET /me`.
     */
    get: operations['ReviewController_sdvStatus'];
    put?: never;
    /**
     * Verify source data of a visit, a form or some fields (admin, monitor)
     * @description **Who:** admin, monitor of the study at the participant’s site (or not bound to a site); a platform administrator. Permission `verify_source` of `GET /me`.
     */
    post: operations['ReviewController_verify'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/studies/{study}/sdv': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * What remains to verify under the plan, per participant (admin, data manager, monitor)
     * @description **Who:** admin, data_manager, monitor of the study (a site-bound member sees only their sites); a platform administrator. Permission `view_sdv_progress` of `GET /me`.
     */
    get: operations['ReviewController_sdvReport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/studies/{study}/sdv-plan': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The study’s source data verification plan (record roles)
     * @description **Who:** admin, data_manager, coordinator, investigator, monitor of the study (a site-bound member sees only their sites); a platform administrator. Permission `view_records` of `GET /me`.
     */
    get: operations['ReviewController_sdvPlan'];
    /**
     * Set the source data verification plan (admin, data manager; not site-bound)
     * @description **Who:** admin, data_manager of the study, not bound to a site; a platform administrator. Permission `set_sdv_plan` of `GET /me`.
     */
    put: operations['ReviewController_setSdvPlan'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/participants/{id}/signatures': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Every signature of a participant, voided ones too (record roles)
     * @description **Who:** admin, data_manager, coordinator, investigator, monitor of the study at the participant’s site (or not bound to a site); a platform administrator. Permission `view_records` of `GET /me`.
     */
    get: operations['ReviewController_signatures'];
    put?: never;
    /**
     * Sign a form, visit or casebook, re-entering the password (admin, investigator)
     * @description **Who:** admin, investigator of the study at the participant’s site (or not bound to a site); a platform administrator. Permission `sign` of `GET /me`.
     */
    post: operations['ReviewController_sign'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/participants/{id}/signatures/signer': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * What a signature by you would carry: printed name and meanings (admin, investigator)
     * @description **Who:** admin, investigator of the study at the participant’s site (or not bound to a site); a platform administrator. Permission `sign` of `GET /me`.
     */
    get: operations['ReviewController_signer'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/participants/{id}/locks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Current form and visit locks of a participant (record roles)
     * @description **Who:** admin, data_manager, coordinator, investigator, monitor of the study at the participant’s site (or not bound to a site); a platform administrator. Permission `view_records` of `GET /me`.
     */
    get: operations['ReviewController_locks'];
    put?: never;
    /**
     * Lock a form or visit (admin, data manager)
     * @description **Who:** admin, data_manager of the study at the participant’s site (or not bound to a site); a platform administrator. Permission `lock_forms` of `GET /me`.
     */
    post: operations['ReviewController_lock'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/participants/{id}/locks/{lockId}/unlock': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Unlock a form or visit with a reason (admin, data manager)
     * @description **Who:** admin, data_manager of the study at the participant’s site (or not bound to a site); a platform administrator. Permission `lock_forms` of `GET /me`.
     */
    post: operations['ReviewController_unlock'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/studies/{study}/deviations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Protocol deviations detected at your sites (record roles)
     * @description **Who:** admin, data_manager, coordinator, investigator, monitor of the study (a site-bound member sees only their sites); a platform administrator. Permission `view_records` of `GET /me`.
     */
    get: operations['ReviewController_deviations'];
    put?: never;
    /**
     * Record a protocol deviation by hand (admin, data manager, monitor)
     * @description **Who:** admin, data_manager, monitor of the study (a site-bound member sees only their sites); a platform administrator. Permission `record_deviation` of `GET /me`.
     */
    post: operations['SafetyController_record'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/participants/{id}/casebook': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * State and progress of the latest casebook (record roles)
     * @description **Who:** admin, data_manager, coordinator, investigator, monitor of the study at the participant’s site (or not bound to a site); a platform administrator. Permission `view_records` of `GET /me`.
     */
    get: operations['CasebookController_status'];
    put?: never;
    /**
     * Request a casebook PDF of a participant (record roles)
     * @description **Who:** admin, data_manager, coordinator, investigator, monitor of the study at the participant’s site (or not bound to a site); a platform administrator. Permission `view_records` of `GET /me`.
     */
    post: operations['CasebookController_request'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/participants/{id}/casebook.pdf': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Download the latest finished casebook PDF, audited (record roles)
     * @description **Who:** admin, data_manager, coordinator, investigator, monitor of the study at the participant’s site (or not bound to a site); a platform administrator. Permission `view_records` of `GET /me`.
     */
    get: operations['CasebookController_download'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/instruments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List the instrument definitions (any signed-in user)
     * @description **Who:** any signed-in user.
     */
    get: operations['InstrumentsController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/instruments/{code}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * One instrument definition with its items (any signed-in user)
     * @description **Who:** any signed-in user.
     */
    get: operations['InstrumentsController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/instruments/{code}/score': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Score a set of answers with an instrument (any signed-in user)
     * @description **Who:** any signed-in user.
     */
    post: operations['InstrumentsController_score'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/portal/{token}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Open a questionnaire by its patient link, with the answers saved so far (anyone holding the link)
     * @description **Who:** anyone, without signing in.
     */
    get: operations['PortalController_open'];
    put?: never;
    /**
     * Submit a questionnaire by its patient link (anyone holding the link)
     * @description **Who:** anyone, without signing in.
     */
    post: operations['PortalController_submit'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/portal/{token}/answers': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /**
     * Save answers to a questionnaire as they are given (anyone holding the link)
     * @description **Who:** anyone, without signing in.
     */
    put: operations['PortalController_save'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/participants/{id}/questionnaires': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A participant’s questionnaires with their messages (record roles)
     * @description **Who:** admin, data_manager, coordinator, investigator, monitor of the study at the participant’s site (or not bound to a site); a platform administrator. Permission `view_records` of `GET /me`.
     */
    get: operations['QuestionnairesController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/participants/{id}/outcomes': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Outcomes per completed follow-up of a participant (any study role)
     * @description **Who:** admin, data_manager, coordinator, investigator, monitor, statistician of the study at the participant’s site (or not bound to a site); a platform administrator. Permission `view_participants` of `GET /me`.
     */
    get: operations['QuestionnairesController_outcomes'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/participants/{id}/questionnaires/{qid}/entry': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Enter a questionnaire answered on paper, by phone or in clinic (site staff, data manager)
     * @description **Who:** admin, data_manager, coordinator, investigator of the study at the participant’s site (or not bound to a site); a platform administrator. Permission `follow_up` of `GET /me`.
     */
    post: operations['QuestionnairesController_enter'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/participants/{id}/questionnaires/{qid}/link': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Give a new patient link for a questionnaire (site staff)
     * @description **Who:** admin, coordinator, investigator of the study at the participant’s site (or not bound to a site); a platform administrator. Permission `send_links` of `GET /me`.
     */
    post: operations['QuestionnairesController_issueLink'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/participants/{id}/questionnaires/{qid}/resend': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Resend a questionnaire invitation with a new link (site staff)
     * @description **Who:** admin, coordinator, investigator of the study at the participant’s site (or not bound to a site); a platform administrator. Permission `send_links` of `GET /me`.
     */
    post: operations['QuestionnairesController_resend'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/studies/{study}/questionnaires/due': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Questionnaires due or overdue at your sites (record roles)
     * @description **Who:** admin, data_manager, coordinator, investigator, monitor of the study (a site-bound member sees only their sites); a platform administrator. Permission `view_records` of `GET /me`.
     */
    get: operations['QuestionnairesController_due'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/studies/{study}/questionnaires/completion': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Questionnaire completion per time point, site and arm (any study role)
     * @description **Who:** admin, data_manager, coordinator, investigator, monitor, statistician of the study (a site-bound member sees only their sites); a platform administrator. Permission `view_study` of `GET /me`.
     */
    get: operations['QuestionnairesController_completion'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/participants/{id}/questionnaires/{qid}/missed-reason': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /**
     * Record why a questionnaire was missed (site staff, data manager)
     * @description **Who:** admin, data_manager, coordinator, investigator of the study at the participant’s site (or not bound to a site); a platform administrator. Permission `follow_up` of `GET /me`.
     */
    put: operations['QuestionnairesController_missedReason'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/studies/{study}/tasks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Coordinator tasks at your sites (record roles)
     * @description **Who:** admin, data_manager, coordinator, investigator, monitor of the study (a site-bound member sees only their sites); a platform administrator. Permission `view_records` of `GET /me`.
     */
    get: operations['QuestionnairesController_tasks'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/studies/{study}/tasks/{taskId}/done': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Mark a coordinator task done (site staff, data manager)
     * @description **Who:** admin, data_manager, coordinator, investigator of the study (a site-bound member sees only their sites); a platform administrator. Permission `follow_up` of `GET /me`.
     */
    post: operations['QuestionnairesController_taskDone'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/studies/{study}/tasks/{taskId}/outcomes': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A coordinator task’s log of contact attempts (record roles)
     * @description **Who:** admin, data_manager, coordinator, investigator, monitor of the study (a site-bound member sees only their sites); a platform administrator. Permission `view_records` of `GET /me`.
     */
    get: operations['QuestionnairesController_taskOutcomes'];
    put?: never;
    /**
     * Record a contact attempt on a coordinator task (site staff, data manager)
     * @description **Who:** admin, data_manager, coordinator, investigator of the study (a site-bound member sees only their sites); a platform administrator. Permission `follow_up` of `GET /me`.
     */
    post: operations['QuestionnairesController_recordTaskOutcome'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/studies/{study}/lock/checklist': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The database lock checklist (admin, data manager; not site-bound)
     * @description **Who:** admin, data_manager of the study, not bound to a site; a platform administrator. Permission `lock_study` of `GET /me`.
     */
    get: operations['DatasetsController_checklist'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/studies/{study}/lock': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Lock the database and snapshot the lock dataset (admin, data manager; not site-bound)
     * @description **Who:** admin, data_manager of the study, not bound to a site; a platform administrator. Permission `lock_study` of `GET /me`.
     */
    post: operations['DatasetsController_lock'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/studies/{study}/unlock': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Unlock the database with a reason (study admin, not site-bound)
     * @description **Who:** admin of the study, not bound to a site; a platform administrator. Permission `unlock_study` of `GET /me`.
     */
    post: operations['DatasetsController_unlock'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/studies/{study}/datasets': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List the study’s datasets (statistician, data manager, admin; not site-bound)
     * @description **Who:** admin, data_manager, statistician of the study, not bound to a site; a platform administrator. Permission `export_datasets` of `GET /me`.
     */
    get: operations['DatasetsController_list'];
    put?: never;
    /**
     * Take an interim dataset snapshot (statistician, data manager, admin; not site-bound)
     * @description **Who:** admin, data_manager, statistician of the study, not bound to a site; a platform administrator. Permission `export_datasets` of `GET /me`.
     */
    post: operations['DatasetsController_createInterim'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/datasets/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A dataset with its files and manifest hash (statistician, data manager, admin)
     * @description **Who:** admin, data_manager, statistician of the study, not bound to a site; a platform administrator. Permission `export_datasets` of `GET /me`.
     */
    get: operations['DatasetsController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/datasets/{id}/rebuild': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Build a failed dataset again (admin, data manager)
     * @description **Who:** admin, data_manager of the study, not bound to a site; a platform administrator. Permission `rebuild_datasets` of `GET /me`.
     */
    post: operations['DatasetsController_rebuild'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/datasets/{id}/files/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Download one file of a dataset, audited (statistician, data manager, admin)
     * @description **Who:** admin, data_manager, statistician of the study, not bound to a site; a platform administrator. Permission `export_datasets` of `GET /me`.
     */
    get: operations['DatasetsController_file'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/datasets/{id}/zip': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Download a whole dataset as one zip, audited (statistician, data manager, admin)
     * @description **Who:** admin, data_manager, statistician of the study, not bound to a site; a platform administrator. Permission `export_datasets` of `GET /me`.
     */
    get: operations['DatasetsController_zip'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/datasets/{id}/variables': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The dataset’s columns with their dictionary labels (statistician, data manager, admin)
     * @description **Who:** admin, data_manager, statistician of the study, not bound to a site; a platform administrator. Permission `export_datasets` of `GET /me`.
     */
    get: operations['DatasetsController_variables'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/datasets/{id}/models': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Fit a prediction model on a dataset (statistician, data manager, admin)
     * @description **Who:** admin, data_manager, statistician of the study, not bound to a site; a platform administrator. Permission `fit_models` of `GET /me`.
     */
    post: operations['ModelsController_request'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/studies/{study}/models': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List the study’s model fits with status and progress (statistician, data manager, admin)
     * @description **Who:** admin, data_manager, statistician of the study, not bound to a site; a platform administrator. Permission `fit_models` of `GET /me`.
     */
    get: operations['ModelsController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/models/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A model’s status, progress and result (statistician, data manager, admin)
     * @description **Who:** admin, data_manager, statistician of the study, not bound to a site; a platform administrator. Permission `fit_models` of `GET /me`.
     */
    get: operations['ModelsController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/models/{id}/figures': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The calibration and risk-group curves of a done model (statistician, data manager, admin)
     * @description **Who:** admin, data_manager, statistician of the study, not bound to a site; a platform administrator. Permission `fit_models` of `GET /me`.
     */
    get: operations['ModelsController_figures'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/models/{id}/predict': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Predict for new patients with a done model: linear predictor, risk, survival (statistician, data manager, admin)
     * @description **Who:** admin, data_manager, statistician of the study, not bound to a site; a platform administrator. Permission `fit_models` of `GET /me`.
     */
    post: operations['ModelsController_predict'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/models/{id}/report.pdf': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Download the PDF report of a done model, audited (statistician, data manager, admin)
     * @description **Who:** admin, data_manager, statistician of the study, not bound to a site; a platform administrator. Permission `fit_models` of `GET /me`.
     */
    get: operations['ModelsController_report'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/studies/{study}/safety/reports': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Serious adverse event reports with their deadlines (record roles)
     * @description **Who:** admin, data_manager, coordinator, investigator, monitor of the study (a site-bound member sees only their sites); a platform administrator. Permission `view_records` of `GET /me`.
     */
    get: operations['SafetyController_reports'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/studies/{study}/safety/reports/{id}/done': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Mark a serious adverse event report task done (site staff, data manager)
     * @description **Who:** admin, data_manager, coordinator, investigator of the study (a site-bound member sees only their sites); a platform administrator. Permission `safety_tasks` of `GET /me`.
     */
    post: operations['SafetyController_done'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/studies/{study}/deviations/recorded': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Protocol deviations recorded by hand, with grading (record roles)
     * @description **Who:** admin, data_manager, coordinator, investigator, monitor of the study (a site-bound member sees only their sites); a platform administrator. Permission `view_records` of `GET /me`.
     */
    get: operations['SafetyController_recorded'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/users/invitations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Invite a new user by email with a one-time link (platform administrator)
     * @description **Who:** a platform administrator.
     */
    post: operations['InvitationsController_invite'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/users/{id}/invitation': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Send a user a new invitation link (platform administrator)
     * @description **Who:** a platform administrator.
     */
    post: operations['InvitationsController_reinvite'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/invitations/{token}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Who an invitation link is for (anyone holding the link)
     * @description **Who:** anyone, without signing in.
     */
    get: operations['InvitationsController_open'];
    put?: never;
    /**
     * Accept an invitation by choosing a password (anyone holding the link)
     * @description **Who:** anyone, without signing in.
     */
    post: operations['InvitationsController_accept'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/mailbox': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The demo mailbox: patient messages kept instead of sent
     * @description **Who:** a platform administrator.
     */
    get: operations['MailboxController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/mailbox/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * One kept message with its patient link
     * @description **Who:** a platform administrator.
     */
    get: operations['MailboxController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/studies/{study}/agreement': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Inter-reader agreement: kappa, linear and quadratic weighted kappa with 95% intervals, per grade and side
     * @description **Who:** admin, data_manager, investigator, monitor, statistician of the study, not bound to a site; a platform administrator. Permission `view_agreement` of `GET /me`.
     */
    get: operations['AgreementController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/studies/{study}/readings': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The scans a reader may grade, with what to grade (never the first reading’s grades)
     * @description **Who:** reader of the study (a site-bound member sees only their sites); a platform administrator. Permission `read_blinded` of `GET /me`.
     */
    get: operations['AgreementController_tasks'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/studies/{study}/readings/{participantId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The caller’s own blinded reading of one participant’s scan
     * @description **Who:** reader of the study (a site-bound member sees only their sites); a platform administrator. Permission `read_blinded` of `GET /me`.
     */
    get: operations['AgreementController_reading'];
    /**
     * Save the caller’s blinded reading (an audited instance of the further-reading form)
     * @description **Who:** reader of the study (a site-bound member sees only their sites); a platform administrator. Permission `read_blinded` of `GET /me`.
     */
    put: operations['AgreementController_save'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    LoginDto: {
      /** @example coordinator.lumc@demo.trialdata.org */
      email: string;
      /**
       * @description The demo’s password (`npm run demo`)
       * @example demo-password-2026
       */
      password: string;
    };
    TokenDto: {
      accessToken: string;
      /** @description Seconds until the token expires */
      expiresIn: number;
    };
    MeMembershipDto: {
      study: string;
      role: string;
      /** @description The site the membership is bound to; null: every site */
      siteCode: string | null;
    };
    MeDto: {
      id: string;
      email: string;
      name: string;
      isAdmin: boolean;
      memberships: components['schemas']['MeMembershipDto'][];
      /**
       * @description Per study, the actions the user may take there (see PERMISSIONS in apps/api/src/auth/permissions.ts)
       * @example {
       *       "TEIAS": [
       *         "view_participants",
       *         "enrol"
       *       ]
       *     }
       */
      permissions: Record<string, unknown>;
    };
    ChangePasswordDto: {
      /** @example demo-password-2026 */
      currentPassword: string;
      /** @example my own long passphrase */
      newPassword: string;
    };
    MembershipDto: {
      /** @example TEIAS */
      study: string;
      /**
       * @example coordinator
       * @enum {string}
       */
      role: 'admin' | 'data_manager' | 'coordinator' | 'investigator' | 'monitor' | 'statistician' | 'reader';
      /**
       * @description Binds the member to one site
       * @example LUMC
       */
      siteCode?: string;
    };
    CreateUserDto: {
      /** @example j.devries@lumc.nl */
      email: string;
      /** @example a long passphrase of theirs */
      password: string;
      /** @example Jan de Vries */
      name: string;
      memberships: components['schemas']['MembershipDto'][];
    };
    IdDto: {
      id: string;
    };
    UpdateUserDto: {
      /**
       * @description false deactivates: login is refused and every token ends at once; users are never deleted
       * @example false
       */
      active?: boolean;
      /** @example Jan de Vries */
      name?: string;
      /** @description Replaces every membership; the user’s tokens end */
      memberships?: components['schemas']['MembershipDto'][];
      /**
       * @description A password reset by the administrator; the user’s tokens end
       * @example a new long passphrase
       */
      password?: string;
    };
    UserDto: {
      id: string;
      email: string;
      name: string;
      active: boolean;
      isAdmin: boolean;
      memberships: components['schemas']['MeMembershipDto'][];
    };
    CreateSiteDto: {
      /**
       * @description 2–12 capital letters or digits; part of participant labels
       * @example LUMC
       */
      code: string;
      /** @example Leiden University Medical Center */
      name: string;
      /**
       * @description ISO 3166-1 alpha-2
       * @example NL
       */
      country: string;
    };
    SiteDto: {
      id: string;
      code: string;
      name: string;
      country: string;
    };
    StudyGoLiveDto: {
      /** @example TEIAS */
      study: string;
      /** @enum {string} */
      status: 'recruiting';
    };
    StudyListItemDto: {
      /** @example TEIAS */
      code: string;
      title: string;
      /** @enum {string} */
      design: 'rct' | 'cohort';
      /**
       * @description `setup` until the study has its row
       * @enum {string}
       */
      status: 'setup' | 'recruiting' | 'closed' | 'locked';
      /** @description Trial registration, e.g. a registry number */
      registration: string | null;
      /** @description Recruitment target for the whole study */
      target: number | null;
    };
    StudyAnchorActualDto: {
      eventId: string;
      formId: string;
      fieldId: string;
      /** @description Text field (HH:MM, study time zone) with the time of day */
      timeFieldId?: string;
    };
    StudyAnchorDto: {
      /**
       * @description What day 0 of the schedule is
       * @enum {string}
       */
      kind: 'randomisation' | 'injection' | 'surgery' | 'enrolment';
      /** @description Planned anchors: the form field that holds the actual date once known */
      actual?: components['schemas']['StudyAnchorActualDto'];
    };
    StudyAgeRangeDto: {
      min: number;
      max?: number;
    };
    StudyArmDto: {
      /** @example TEI */
      code: string;
      title: string;
      /** @description Allocation ratio weight (1:1 → both 1) */
      ratio: number;
    };
    RandomisationFactorDto: {
      id: string;
      label: string;
      options: string[];
    };
    StudyRandomisationDto: {
      /** @enum {string} */
      method: 'blocks' | 'minimisation';
      /** @description Factors other than site (always a stratum); block sizes and probabilities stay on the server */
      factors: components['schemas']['RandomisationFactorDto'][];
    };
    EligibilityCriterionDto: {
      /** @example inc_consent */
      id: string;
      /** @enum {string} */
      kind: 'inclusion' | 'exclusion';
      text: string;
    };
    StudyEventDto: {
      /** @example week2 */
      id: string;
      title: string;
      /** @description Days from the anchor (day 0); may be negative */
      offsetDays: number;
      /** @description Extra minutes after the anchor instant */
      offsetMinutes?: number;
      windowBefore: number;
      windowAfter: number;
      /** @enum {string} */
      mode: 'remote' | 'clinic';
      /** @description A home for forms completed whenever needed: no window, never due */
      unscheduled?: boolean;
      forms: string[];
      /** @description Instrument codes given to the patient at this time point */
      instruments: string[];
      /** @description Per cohort: replaces `instruments` */
      instrumentsByCohort?: {
        [key: string]: string[];
      };
    };
    StudyFieldOptionDto: {
      code: number;
      label: string;
    };
    StudyFieldShowIfDto: {
      /** @description An earlier choice, multichoice or boolean field of the same form */
      field: string;
      /** @description Shown when the field has this value (or, multichoice, includes it) */
      equals?: string | number | boolean | unknown[] | Record<string, unknown>;
      /** @description Shown when the field has one of these values */
      in?: unknown[];
    };
    StudyFormFieldDto: {
      id: string;
      label: string;
      /** @enum {string} */
      type: 'integer' | 'decimal' | 'text' | 'date' | 'choice' | 'multichoice' | 'boolean';
      required: boolean;
      /** @description integer / decimal: inclusive lower bound */
      min?: number;
      /** @description integer / decimal: inclusive upper bound */
      max?: number;
      /** @description decimal: unit shown beside the field */
      unit?: string;
      /** @description decimal: decimals kept */
      precision?: number;
      /** @description text: a regular expression the whole value must match */
      pattern?: string;
      maxLength?: number;
      options?: components['schemas']['StudyFieldOptionDto'][];
      showIf?: components['schemas']['StudyFieldShowIfDto'];
      /** @description Verified under a "critical fields only" SDV plan */
      critical?: boolean;
      /** @description An expression over other fields of the same form */
      calculated?: string;
      /** @description Missing-data codes allowed */
      missingCodes?: ('not_done' | 'unknown' | 'not_applicable')[];
    };
    StudyFormCheckDto: {
      id: string;
      /**
       * @description hard blocks the save; soft saves and opens a query
       * @enum {string}
       */
      severity: 'hard' | 'soft';
      message: string;
      /** @description An expression over the form’s fields and `enrolment.*` / `anchor.*` */
      rule: string;
    };
    StudyFormDto: {
      id: string;
      title: string;
      repeating: boolean;
      /** @description Only participants in these arms have this form */
      arms?: string[];
      /** @description Only participants of these cohorts */
      cohorts?: string[];
      fields: components['schemas']['StudyFormFieldDto'][];
      checks?: components['schemas']['StudyFormCheckDto'][];
    };
    StudyDetailDto: {
      /** @example TEIAS */
      code: string;
      title: string;
      registration?: string;
      /** @enum {string} */
      design: 'rct' | 'cohort';
      /** @example Europe/Amsterdam */
      timeZone: string;
      languages: ('nl' | 'en')[];
      anchor: components['schemas']['StudyAnchorDto'];
      /** @description Enrolment takes a planned anchor date */
      requiresPlannedAnchorDate: boolean;
      ageRange?: components['schemas']['StudyAgeRangeDto'];
      target?: number;
      cohorts?: string[];
      arms?: components['schemas']['StudyArmDto'][];
      randomisation?: components['schemas']['StudyRandomisationDto'];
      eligibility: components['schemas']['EligibilityCriterionDto'][];
      schedule: components['schemas']['StudyEventDto'][];
      forms: components['schemas']['StudyFormDto'][];
      /** @description Every instrument code the schedule uses (GET /instruments/{code}) */
      instruments: string[];
      /** @enum {string} */
      status: 'setup' | 'recruiting' | 'closed' | 'locked';
    };
    AddStudySiteDto: {
      /** @example LUMC */
      siteCode: string;
      /**
       * @description Recruitment target for this site
       * @example 40
       */
      target?: number;
    };
    StudySiteDto: {
      siteCode: string;
      name: string;
      country: string;
      target: number | null;
      enrolled: number;
    };
    RecruitmentMonthDto: {
      /** @example 2026-11 */
      month: string;
      enrolled: number;
      cumulative: number;
    };
    RecruitmentSiteDto: {
      siteCode: string;
      target: number | null;
      enrolled: number;
      randomised: number;
      /** @description Share of the target reached, 0–1 (null without a target) */
      progress: number | null;
      /** @description One entry per month of `months` */
      months: components['schemas']['RecruitmentMonthDto'][];
    };
    RecruitmentDto: {
      study: string;
      target: number | null;
      /** @description Every month (YYYY-MM) from the first enrolment to the last; shared by every site */
      months: string[];
      sites: components['schemas']['RecruitmentSiteDto'][];
    };
    AllocationDto: {
      /** @example TEIAS-LUMC-0007 */
      label: string;
      site: string;
      /** @enum {string} */
      method: 'blocks' | 'minimisation';
      /**
       * @description `*` under minimisation
       * @example LUMC|symptomDuration=<6w
       */
      stratum: string;
      /** @description Position in the stratum (1-based) */
      sequence: number;
      arm: string;
      /** @description Factor id → option */
      factors: {
        [key: string]: string;
      };
      randomisedAt: string;
    };
    AllocationMismatchDto: {
      /** @description `?` when no allocation holds the position */
      label: string;
      stratum: string;
      sequence: number;
      /** @description Blocks: wrong_arm, duplicate_sequence, missing_sequence or invalid_sequence; minimisation: "expected X, recorded Y" */
      problem: string;
    };
    AllocationVerificationDto: {
      /** @description Allocations regenerated */
      checked: number;
      mismatches: components['schemas']['AllocationMismatchDto'][];
    };
    ConsentDto: {
      /** @example 2026-11-20 */
      date: string;
      /** @example 2.1 */
      version: string;
    };
    ContactDto: {
      /** @example participant@example.org */
      email?: string;
      /** @example +31612345678 */
      phone?: string;
      /**
       * @example nl
       * @enum {string}
       */
      language: 'nl' | 'en';
    };
    EnrolDto: {
      /** @example LUMC */
      siteCode: string;
      /**
       * @description Every criterion of GET /studies/{study}/eligibility, answered true or false
       * @example {
       *       "inc_sciatica_confirmed": true,
       *       "inc_nrs_leg_ge6": true,
       *       "inc_duration_3_8w": true,
       *       "inc_age_18_55": true,
       *       "inc_consent": true,
       *       "exc_tei_contraindication": false,
       *       "exc_scoliosis": false,
       *       "exc_tei_6m": false,
       *       "exc_surgery_same_level": false,
       *       "exc_surgery_other_1y": false,
       *       "exc_pregnancy": false
       *     }
       */
      eligibility: {
        [key: string]: boolean;
      };
      consent: components['schemas']['ConsentDto'];
      /** @example 1980 */
      birthYear: number;
      /**
       * @example female
       * @enum {string}
       */
      sex: 'female' | 'male';
      contact?: components['schemas']['ContactDto'];
      /**
       * @description EIMICOR only
       * @example lumbar
       * @enum {string}
       */
      cohort?: 'lumbar' | 'cervical';
      /**
       * @description POTEISS planned injection date, EIMICOR planned surgery date
       * @example 2026-12-01
       */
      plannedAnchorDate?: string;
      /**
       * @description Also save the eligibility answers and the consent date and version into the study’s eligibility and consent forms (audited, same transaction), where the schedule has them; the console sends true
       * @default false
       * @example true
       */
      prefillForms: boolean;
    };
    EnrolledDto: {
      id: string;
      /** @example TEIAS-LUMC-0007 */
      label: string;
      /** @example enrolled */
      status: string;
    };
    ParticipantConsentDto: {
      /** @example 2026-11-20 */
      date: string;
      /** @example 2.1 */
      version: string;
    };
    ParticipantTreatmentStopDto: {
      /** @example 2026-11-20 */
      stoppedOn: string;
      reason: string;
    };
    RecordedWithdrawalDto: {
      /**
       * @description Day consent was withdrawn
       * @example 2026-11-20
       */
      date: string;
      furtherContact: boolean;
      furtherData: boolean;
      /** @description Data collected up to the withdrawal may be used */
      collectedData: boolean;
    };
    ParticipantDto: {
      id: string;
      /** @example TEIAS-LUMC-0007 */
      label: string;
      /** @example TEIAS */
      study: string;
      /** @example LUMC */
      siteCode: string;
      /** @enum {string} */
      status: 'screened' | 'enrolled' | 'randomised' | 'withdrawn' | 'completed' | 'lost_to_follow_up';
      statusReason: string | null;
      /** @description Arm code once randomised */
      arm: string | null;
      cohort: string | null;
      birthYear: number;
      /** @enum {string} */
      sex: 'female' | 'male';
      consent: components['schemas']['ParticipantConsentDto'];
      enrolledAt: string;
      plannedAnchorDate: string | null;
      /** @description Day 0 of the schedule once known */
      anchorDate: string | null;
      /** @description Local wall time (HH:MM) of the anchor, when recorded */
      anchorTime: string | null;
      /** @description Stopped treatment, follow-up continues (not a status) */
      treatment: components['schemas']['ParticipantTreatmentStopDto'] | null;
      /** @description What a participant who withdrew consent allows; null otherwise */
      withdrawal: components['schemas']['RecordedWithdrawalDto'] | null;
      /** @description Contact details are on file (GET /participants/{id}/contact); always false in the list */
      hasContact: boolean;
    };
    ScreeningSiteDto: {
      siteCode: string;
      screened: number;
      eligible: number;
      enrolled: number;
    };
    ScreeningDto: {
      sites: components['schemas']['ScreeningSiteDto'][];
      /** @description Criterion id (or birthYear) → how often it failed */
      failures: {
        [key: string]: number;
      };
    };
    ScheduleEntryDto: {
      eventId: string;
      title: string;
      offsetDays: number;
      windowBefore: number;
      windowAfter: number;
      forms: string[];
      /** @description The participant’s cohort’s instruments where the event has them */
      instruments: string[];
      /** @description Null until the anchor is known */
      dueAt: string | null;
      opensAt: string | null;
      closesAt: string | null;
      /** @enum {string} */
      state: 'awaiting_anchor' | 'upcoming' | 'open' | 'closed';
    };
    ParticipantDetailDto: {
      id: string;
      /** @example TEIAS-LUMC-0007 */
      label: string;
      /** @example TEIAS */
      study: string;
      /** @example LUMC */
      siteCode: string;
      /** @enum {string} */
      status: 'screened' | 'enrolled' | 'randomised' | 'withdrawn' | 'completed' | 'lost_to_follow_up';
      statusReason: string | null;
      /** @description Arm code once randomised */
      arm: string | null;
      cohort: string | null;
      birthYear: number;
      /** @enum {string} */
      sex: 'female' | 'male';
      consent: components['schemas']['ParticipantConsentDto'];
      enrolledAt: string;
      plannedAnchorDate: string | null;
      /** @description Day 0 of the schedule once known */
      anchorDate: string | null;
      /** @description Local wall time (HH:MM) of the anchor, when recorded */
      anchorTime: string | null;
      /** @description Stopped treatment, follow-up continues (not a status) */
      treatment: components['schemas']['ParticipantTreatmentStopDto'] | null;
      /** @description What a participant who withdrew consent allows; null otherwise */
      withdrawal: components['schemas']['RecordedWithdrawalDto'] | null;
      /** @description Contact details are on file (GET /participants/{id}/contact); always false in the list */
      hasContact: boolean;
      /** @description Scheduled time points (not the unscheduled event) with windows and states */
      schedule: components['schemas']['ScheduleEntryDto'][];
    };
    RandomiseDto: {
      /**
       * @description One option per randomisation factor (site is implied)
       * @example {
       *       "symptomDuration": "<6w"
       *     }
       */
      factors: {
        [key: string]: string;
      };
    };
    RandomisationDto: {
      /** @example TEI */
      arm: string;
      /** @description Position in the stratum (1-based); left out for site-bound staff (allocation concealment) */
      sequence?: number;
      /** @example LUMC|symptomDuration=<6w */
      stratum: string;
      randomisedAt: string;
    };
    WithdrawalDto: {
      /**
       * @description Day consent was withdrawn; default today (study time zone)
       * @example 2026-11-20
       */
      date?: string;
      /**
       * @description The team may still contact the participant (e.g. a safety call). Questionnaires stop either way.
       * @example true
       */
      furtherContact: boolean;
      /**
       * @description New data may still be collected (e.g. from the medical record)
       * @example false
       */
      furtherData: boolean;
      /**
       * @description Data collected up to the withdrawal may be used; false leaves the participant out of every dataset
       * @example true
       */
      collectedData: boolean;
    };
    ParticipantStatusChangeDto: {
      /**
       * @example withdrawn
       * @enum {string}
       */
      status: 'withdrawn' | 'completed' | 'lost_to_follow_up' | 'enrolled' | 'randomised';
      /** @example Patient withdrew consent by phone */
      reason: string;
      /** @description Only with status withdrawn: what the participant allows. Absent: no further contact, no further data, collected data may be used. */
      withdrawal?: components['schemas']['WithdrawalDto'];
    };
    TreatmentStopDto: {
      /**
       * @description Day the study treatment stopped
       * @example 2026-11-20
       */
      date: string;
      /** @example Side effects */
      reason: string;
      /**
       * @description Why a recorded treatment stop is changed (required then)
       * @example Date corrected from the pharmacy record
       */
      correction?: string;
    };
    ParticipantContactDto: {
      /** @example participant@example.org */
      email?: string;
      /** @example +31612345678 */
      phone?: string;
      /**
       * @description Absent (an empty object) when no contact details are on file
       * @enum {string}
       */
      language?: 'nl' | 'en';
    };
    AuditRowDto: {
      at: string;
      userId: string | null;
      action: string;
      entity: string;
      field: string | null;
      /** @description JSON value before */
      from: Record<string, unknown> | null;
      /** @description JSON value after */
      to: Record<string, unknown> | null;
      reason: string | null;
    };
    SaveFormDto: {
      /**
       * @description Every value of the form (a PUT replaces them: a field left out is cleared). Missing-data codes as {"missing": "not_done"|"unknown"|"not_applicable"}
       * @example {
       *       "birth_year": 1980,
       *       "sex": 1,
       *       "height": 172,
       *       "weight": 70.5,
       *       "smoking": 1,
       *       "work": 1,
       *       "workload": 1
       *     }
       */
      values: {
        [key: string]: unknown;
      };
      /**
       * @description Default: the current status (incomplete on the first save); complete enforces required fields
       * @example incomplete
       * @enum {string}
       */
      status?: 'incomplete' | 'complete';
      /**
       * @description Why a complete form changes; required then, recorded on every audit row of the change
       * @example Height re-measured at the visit
       */
      reason?: string;
      /**
       * @description The version last read; omit (or null) on the first save
       * @example null
       */
      version?: number | null;
    };
    CheckWarningDto: {
      field: string;
      check: string;
      message: string;
    };
    FormDeviationDto: {
      /** @enum {string} */
      kind: 'out_of_window' | 'missing_form' | 'treatment_in_other_arm' | 'eligibility_violation' | 'wrong_treatment' | 'other';
      /** @enum {string} */
      grade: 'major' | 'minor';
      /** Format: uuid */
      participantId: string;
      eventId: string;
      formId: string;
      /** @description Null for a missing form */
      instance: number | null;
      detail: string;
    };
    SavedFormDto: {
      /** @enum {string} */
      status: 'not_started' | 'incomplete' | 'complete';
      values: {
        [key: string]: unknown;
      };
      version: number | null;
      /** @description Soft checks that failed: saved, and a query is open on each field */
      warnings: components['schemas']['CheckWarningDto'][];
      /** @description Protocol deviations this form instance shows (window, arm) */
      deviations: components['schemas']['FormDeviationDto'][];
    };
    FormViewDto: {
      /** @enum {string} */
      status: 'not_started' | 'incomplete' | 'complete';
      values: {
        [key: string]: unknown;
      };
      version: number | null;
    };
    FormAuditEntryDto: {
      /** @description Position in the audit hash chain */
      seq: number;
      /** Format: date-time */
      at: string;
      /** @description Null for system changes */
      userId: string | null;
      /** @description The user’s name; null for system changes */
      userName: string | null;
      /**
       * @description `create` or `update` (a field’s value), `status` (the form’s status)
       * @example update
       */
      action: string;
      /** @description The field id; null for a status change */
      field: string | null;
      /** @description JSON value before */
      from:
        | (string | null)
        | (number | null)
        | (boolean | null)
        | (unknown[] | null)
        | ({
            [key: string]: unknown;
          } | null);
      /** @description JSON value after */
      to:
        | (string | null)
        | (number | null)
        | (boolean | null)
        | (unknown[] | null)
        | ({
            [key: string]: unknown;
          } | null);
      reason: string | null;
    };
    FormStateDto: {
      /** @example incomplete */
      status: string;
      values: {
        [key: string]: unknown;
      };
    };
    FormHistoryDto: {
      /** @description The audit rows of the form instance in chain order */
      rows: components['schemas']['FormAuditEntryDto'][];
      /** @description Only with `at`: the form rebuilt from the audit rows at that instant; null when it had not been saved yet */
      stateAt?: components['schemas']['FormStateDto'] | null;
    };
    FormSummaryDto: {
      /** @example enrolment */
      eventId: string;
      /** @example demographics */
      formId: string;
      instance: number;
      /** @enum {string} */
      status: 'incomplete' | 'complete';
      version: number;
      /** Format: date-time */
      updatedAt: string;
    };
    OpenQueryDto: {
      /** @example enrolment */
      eventId: string;
      /** @example demographics */
      formId: string;
      /** @example 1 */
      instance?: number;
      /** @example weight */
      field: string;
      /** @example Weight differs from the clinic letter (68 kg); please check */
      text: string;
    };
    QueryMessageDto: {
      /** @enum {string} */
      kind: 'open' | 'answer' | 'close' | 'reopen';
      /** @description Null for the system (soft checks) */
      userId: string | null;
      userName: string | null;
      text: string;
      /** Format: date-time */
      at: string;
    };
    FormQueryDto: {
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      participantId: string;
      /** @example TEIAS-LUMC-0007 */
      participantLabel: string;
      /** @example LUMC */
      siteCode: string;
      /** @example enrolment */
      eventId: string;
      /** @example demographics */
      formId: string;
      instance: number;
      /** @example weight */
      field: string;
      /** @enum {string} */
      status: 'open' | 'answered' | 'closed';
      /** @description The soft check that opened it; null for a query raised by hand */
      checkId: string | null;
      /** @description Who opened it; null for the system */
      openedBy: string | null;
      /** Format: date-time */
      openedAt: string;
      /** Format: date-time */
      closedAt: string | null;
      /** @description Whole days since it was opened (until it was closed) */
      ageDays: number;
      /** @description The thread, oldest first */
      messages: components['schemas']['QueryMessageDto'][];
    };
    QueryTextDto: {
      /** @example Corrected from the source document */
      text: string;
    };
    CloseQueryDto: {
      /** @example Resolved */
      text?: string;
    };
    VerifyDto: {
      /**
       * @description The visit; alone it verifies every entered field of every form of the visit
       * @example enrolment
       */
      eventId: string;
      /**
       * @description One form instance of the visit
       * @example demographics
       */
      formId?: string;
      /** @example 1 */
      instance?: number;
      /**
       * @description Only these fields of the form
       * @example [
       *       "height",
       *       "weight"
       *     ]
       */
      fields?: string[];
    };
    VerifiedFieldDto: {
      eventId: string;
      formId: string;
      instance: number;
      field: string;
    };
    VerifiedDto: {
      verified: components['schemas']['VerifiedFieldDto'][];
    };
    SdvPlanViewDto: {
      /** @enum {string} */
      kind: 'all' | 'critical' | 'sample';
      /** @description sample: the share of participants, in percent; otherwise null */
      samplePercent: number | null;
    };
    SdvFormStatusDto: {
      eventId: string;
      formId: string;
      instance: number;
      /** @description Fields the plan asks to verify */
      toVerify: string[];
      verified: string[];
      remaining: string[];
    };
    SdvStatusDto: {
      plan: components['schemas']['SdvPlanViewDto'];
      /** @description sample plan: whether this participant is in the sample */
      sampled: boolean;
      forms: components['schemas']['SdvFormStatusDto'][];
      /** @description Fields still to verify, all forms */
      remaining: number;
    };
    SdvParticipantProgressDto: {
      /** Format: uuid */
      participantId: string;
      /** @example TEIAS-LUMC-0007 */
      label: string;
      /** @example LUMC */
      siteCode: string;
      sampled: boolean;
      remaining: number;
    };
    SdvReportDto: {
      plan: components['schemas']['SdvPlanViewDto'];
      participants: components['schemas']['SdvParticipantProgressDto'][];
      remaining: number;
    };
    SdvPlanDto: {
      /**
       * @description all fields; critical fields only; every field of a sample of participants
       * @example sample
       * @enum {string}
       */
      kind: 'all' | 'critical' | 'sample';
      /**
       * @description sample: the share of participants, in percent
       * @example 20
       */
      samplePercent?: number;
    };
    SignDto: {
      /**
       * @example form
       * @enum {string}
       */
      scope: 'form' | 'visit' | 'casebook';
      /**
       * @description form and visit: the visit
       * @example enrolment
       */
      eventId?: string;
      /**
       * @description form: the form
       * @example demographics
       */
      formId?: string;
      /** @example 1 */
      instance?: number;
      /**
       * @description The signer re-enters the account password (21 CFR Part 11)
       * @example demo-password-2026
       */
      password: string;
      /**
       * @description Meaning of the signature; a default per scope otherwise
       * @example I confirm that the data in this form are accurate
       */
      meaning?: string;
    };
    SignatureDto: {
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      participantId: string;
      /** @example TEIAS */
      studyCode: string;
      /** @enum {string} */
      scope: 'form' | 'visit' | 'casebook';
      /** @description form and visit: the visit */
      eventId: string | null;
      /** @description form: the form */
      formId: string | null;
      /** @description form: the instance */
      instance: number | null;
      /** Format: uuid */
      userId: string;
      printedName: string;
      meaning: string;
      /** Format: date-time */
      signedAt: string;
      /** @enum {string} */
      status: 'valid' | 'voided';
      /** Format: date-time */
      voidedAt: string | null;
      /** @description Who made the change that voided it */
      voidedBy: string | null;
      /** @description The change that voided it */
      voidedBecause: string | null;
    };
    SignatureMeaningsDto: {
      form: string;
      visit: string;
      casebook: string;
    };
    SignerDto: {
      /** @description The account’s name, printed on the signature */
      printedName: string;
      /** @description The default meaning per scope */
      meanings: components['schemas']['SignatureMeaningsDto'];
    };
    LockDto: {
      /** @example enrolment */
      eventId: string;
      /**
       * @description Lock one form instance; without it the whole visit is locked
       * @example demographics
       */
      formId?: string;
      /** @example 1 */
      instance?: number;
      /** @example Cleaned for the interim analysis */
      reason: string;
    };
    FormLockDto: {
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      participantId: string;
      /** @example TEIAS */
      studyCode: string;
      eventId: string;
      /** @description Null: the whole visit is locked */
      formId: string | null;
      instance: number | null;
      lockedBy: string | null;
      lockedByName: string | null;
      /** Format: date-time */
      lockedAt: string;
      reason: string;
    };
    ReasonDto: {
      /** @example Correction requested by the monitor */
      reason: string;
    };
    DetectedDeviationDto: {
      /** @enum {string} */
      kind: 'out_of_window' | 'missing_form' | 'treatment_in_other_arm' | 'eligibility_violation' | 'wrong_treatment' | 'other';
      /** @enum {string} */
      grade: 'major' | 'minor';
      /** Format: uuid */
      participantId: string;
      eventId: string;
      formId: string;
      /** @description Null for a missing form */
      instance: number | null;
      detail: string;
      /** @example TEIAS-LUMC-0007 */
      label: string;
      /** @example LUMC */
      siteCode: string;
      /**
       * @description Deviations entered by hand are listed by GET /studies/{study}/deviations/recorded
       * @enum {string}
       */
      source: 'detected';
    };
    CasebookRequestedDto: {
      /** @description Queue job id (deterministic: casebook-<id>) */
      jobId: string;
      id: string;
      /** @description The participant’s casebook number */
      n: number;
    };
    CasebookStatusDto: {
      /** Format: uuid */
      id: string;
      /** @description The participant’s casebook number */
      n: number;
      /** @enum {string} */
      status: 'building' | 'ready' | 'failed';
      progress: number;
      /** Format: date-time */
      requestedAt: string;
      /** Format: date-time */
      completedAt: string | null;
      /** @description Size of the PDF once ready */
      bytes: number | null;
      /** @description SHA-256 of the PDF (hex) once ready */
      sha256: string | null;
      /** @description Why the build failed */
      error: string | null;
    };
    InstrumentOptionDto: {
      code: number;
      label: string;
      /**
       * @description multichoice: cannot be combined with another option; absent otherwise
       * @enum {boolean}
       */
      exclusive?: true;
    };
    InstrumentItemShowIfDto: {
      /** @description Another item of the instrument */
      item: string;
      /** @description The code that item must have */
      equals: number;
    };
    InstrumentItemDto: {
      id: string;
      label: string;
      /** @enum {string} */
      type: 'choice' | 'multichoice' | 'integer' | 'date';
      /** @description Empty for integer and date items */
      options: components['schemas']['InstrumentOptionDto'][];
      /** @description integer: inclusive range */
      min?: number;
      max?: number;
      /** @description Items sharing a group are shown on one screen */
      group?: string;
      /** @description The patient page asks for an answer before moving on */
      required: boolean;
      /** @description Asked only when another item has the given code */
      showIf?: components['schemas']['InstrumentItemShowIfDto'];
    };
    InstrumentDto: {
      /** @example NRS_LEG */
      code: string;
      title: string;
      /**
       * @description The language shown (the instrument’s first when it lacks the one asked for)
       * @enum {string}
       */
      language: 'nl' | 'en';
      instructions?: string;
      /** @description In the instrument’s own order */
      items: components['schemas']['InstrumentItemDto'][];
      /** @description The names of the scores that scoring returns, in order */
      scoreNames: string[];
      /**
       * @description Placeholder wording (descriptive labels or no licensed key); absent otherwise
       * @enum {boolean}
       */
      placeholder?: true;
    };
    ScoreDto: {
      /**
       * @description Item id → code (an absent item is missing)
       * @example {
       *       "odi1": 2,
       *       "odi2": 1
       *     }
       */
      answers: {
        [key: string]: unknown;
      };
    };
    ScoreResultDto: {
      /**
       * @example {
       *       "score": 33.3,
       *       "band": "moderate"
       *     }
       */
      scores: {
        [key: string]: unknown;
      };
      /** @description Why each null score is null */
      reasons: {
        [key: string]: string;
      };
    };
    PortalContactDto: {
      name: string;
      email?: string;
      phone?: string;
      /**
       * @description The study names no team: a made-up contact the page marks as such
       * @enum {boolean}
       */
      placeholder?: true;
    };
    PortalQuestionnaireDto: {
      /** @enum {string} */
      language: 'nl' | 'en';
      /** @example TEIAS */
      study: string;
      eventId: string;
      /** @description When the window (and the link) closes */
      closesAt: string;
      /** @description In the time point’s wording */
      instruments: components['schemas']['InstrumentDto'][];
      /**
       * @description What the patient saved so far, to continue where they stopped
       * @example {
       *       "NRS_LEG": {
       *         "nrs": 6
       *       },
       *       "GPE": {
       *         "gpe": 2
       *       }
       *     }
       */
      answers: {
        [key: string]: {
          [key: string]: unknown;
        };
      };
      studyTitle: string;
      /**
       * @description The time point’s title in the schedule
       * @example Week 2
       */
      timePoint: string;
      /** @description Estimated minutes to answer */
      estimatedMinutes: number;
      /** @description The study team, also on every error page */
      contact: components['schemas']['PortalContactDto'];
      /**
       * @description `short`: the link of a short-version message, with the primary-outcome instruments only
       * @enum {string}
       */
      version?: 'full' | 'short';
    };
    QuestionnaireAnswersDto: {
      /**
       * @description Instrument code → item id → code; `null` clears a saved item
       * @example {
       *       "NRS_LEG": {
       *         "nrs": 6
       *       },
       *       "GPE": {
       *         "gpe": 2
       *       }
       *     }
       */
      answers: {
        [key: string]: unknown;
      };
    };
    SavedAnswersDto: {
      /**
       * @description All answers saved so far
       * @example {
       *       "NRS_LEG": {
       *         "nrs": 6
       *       },
       *       "GPE": {
       *         "gpe": 2
       *       }
       *     }
       */
      answers: {
        [key: string]: {
          [key: string]: unknown;
        };
      };
    };
    SubmissionDto: {
      /** @description Instrument code → score name → value */
      scores: {
        [key: string]: unknown;
      };
      /** @description Instrument code → score name → why it is null */
      reasons: {
        [key: string]: unknown;
      };
    };
    MessageDto: {
      /** @enum {string} */
      kind: 'invitation' | 'reminder' | 'coordinator_task' | 'short_version';
      number: number;
      /** @description Planned send instant (quiet hours applied) */
      sendAt: string;
      /** @enum {string} */
      state: 'pending' | 'sending' | 'sent' | 'skipped' | 'cancelled' | 'failed' | 'unknown';
      sentAt: string | null;
      /** @enum {string|null} */
      channel: 'email' | 'sms' | 'task' | 'none' | null;
      /** @description Why it was skipped, cancelled or deferred */
      reason: string | null;
    };
    ParticipantQuestionnaireDto: {
      id: string;
      eventId: string;
      instruments: string[];
      /** @enum {string} */
      mode: 'remote' | 'clinic';
      /** @description 00:00 (study time zone) of the day windowBefore days before dueAt */
      opensAt: string;
      /** @description 00:00 (study time zone) of anchor date + offset days */
      dueAt: string;
      /** @description 24:00 (study time zone) of the day windowAfter days after dueAt; exclusive */
      closesAt: string;
      /** @enum {string} */
      status: 'upcoming' | 'open' | 'in_progress' | 'completed' | 'missed' | 'cancelled';
      /** @description Not completed and its due day (study time zone) has passed; never on the due day itself */
      overdue: boolean;
      startedAt: string | null;
      submittedAt: string | null;
      /** @enum {string|null} */
      entryMode: 'web' | 'paper' | 'phone' | 'clinic' | null;
      /**
       * @description Why it was missed, as the coordinator recorded it
       * @enum {string|null}
       */
      missedReason: 'not_reached' | 'refused' | 'too_ill' | 'forgot' | 'technical' | 'admin_error' | 'other' | null;
      missedNote: string | null;
      scores: {
        [key: string]: unknown;
      } | null;
      messages: components['schemas']['MessageDto'][];
      /**
       * @description Which version completed it (`short`: the primary-outcome instruments only); null until completed
       * @enum {string|null}
       */
      completedBy?: 'full' | 'short' | null;
    };
    OutcomeReasonsDto: {
      nrsLegChange?: string;
      nrsLegPercentChange?: string;
      responder50?: string;
      recovered?: string;
    };
    ParticipantOutcomeDto: {
      eventId: string;
      /** @description Follow-up minus baseline NRS leg pain; negative is improvement */
      nrsLegChange: number | null;
      /** @description Percentage change from baseline, 1 decimal */
      nrsLegPercentChange: number | null;
      /** @description Leg pain fell by at least 50% */
      responder50: boolean | null;
      /** @description GPE completely recovered or much improved */
      recovered: boolean | null;
      /** @description Why each null outcome is null */
      reasons: components['schemas']['OutcomeReasonsDto'];
    };
    EntryDto: {
      /**
       * @description Instrument code → item id → code; `null` clears a saved item
       * @example {
       *       "NRS_LEG": {
       *         "nrs": 6
       *       },
       *       "GPE": {
       *         "gpe": 2
       *       }
       *     }
       */
      answers: {
        [key: string]: unknown;
      };
      /**
       * @description How the answers were collected
       * @example phone
       * @enum {string}
       */
      mode: 'paper' | 'phone' | 'clinic';
    };
    IssuedLinkDto: {
      /** @description `{PUBLIC_URL}/q/{token}`: shown once, stored only hashed; earlier links of the questionnaire no longer work */
      link: string;
      /** @description When the link stops working (the window’s close) */
      expiresAt: string;
      /** @description How many earlier links this one voided */
      voided: number;
    };
    ResentInvitationDto: {
      /** @description The invitation’s number for this questionnaire (the first invitation is 1) */
      number: number;
      /** @description When the worker sends it (quiet hours still apply) */
      sendAt: string;
      /** @description False when a resent invitation was already waiting to go out: nothing more is added */
      created: boolean;
      /** @description How many earlier links were voided */
      voided: number;
    };
    DueQuestionnaireDto: {
      questionnaireId: string;
      participantId: string;
      /** @example TEIAS-LUMC-0007 */
      label: string;
      siteCode: string;
      eventId: string;
      opensAt: string;
      dueAt: string;
      closesAt: string;
      /** @description When the patient first opened it */
      startedAt: string | null;
    };
    SiteCompletionDto: {
      scheduled: number;
      open: number;
      completed: number;
      missed: number;
      /** @description completed / (completed + missed) */
      rate: number | null;
      siteCode: string;
    };
    ArmCompletionDto: {
      scheduled: number;
      open: number;
      completed: number;
      missed: number;
      /** @description completed / (completed + missed) */
      rate: number | null;
      arm: string;
    };
    CompletionDto: {
      scheduled: number;
      open: number;
      completed: number;
      missed: number;
      /** @description completed / (completed + missed) */
      rate: number | null;
      eventId: string;
      bySite: components['schemas']['SiteCompletionDto'][];
      /** @description Randomised studies only; empty for a cohort */
      byArm: components['schemas']['ArmCompletionDto'][];
      /** @description Missed questionnaires per recorded reason; `unrecorded` for those without one */
      missedReasons: {
        [key: string]: number;
      };
    };
    MissedReasonDto: {
      /**
       * @example not_reached
       * @enum {string}
       */
      reason: 'not_reached' | 'refused' | 'too_ill' | 'forgot' | 'technical' | 'admin_error' | 'other';
      /**
       * @description Required for `other`
       * @example Three calls and a letter, no answer
       */
      note?: string;
    };
    TaskOutcomeDto: {
      id: string;
      taskId: string;
      /** @enum {string} */
      outcome: 'reached' | 'no_answer' | 'refused' | 'rescheduled';
      note: string;
      rescheduleDate: string | null;
      at: string;
      userId: string;
      userName: string | null;
    };
    CoordinatorTaskDto: {
      id: string;
      questionnaireId: string;
      participantId: string;
      /** @example TEIAS-LUMC-0007 */
      label: string;
      siteCode: string;
      eventId: string;
      /** @description When the questionnaire’s window closes */
      closesAt: string;
      /** @enum {string} */
      status: 'open' | 'done';
      createdAt: string;
      doneAt: string | null;
      /** @description Contact attempts, oldest first */
      outcomes: components['schemas']['TaskOutcomeDto'][];
    };
    TaskOutcomeBodyDto: {
      /**
       * @example rescheduled
       * @enum {string}
       */
      outcome: 'reached' | 'no_answer' | 'refused' | 'rescheduled';
      /** @example Asked to call back next week */
      note?: string;
      /**
       * @description YYYY-MM-DD; required for rescheduled, refused otherwise
       * @example 2026-12-01
       */
      date?: string;
    };
    ChecklistDetailDto: {
      /** @example TEIAS-LUMC-0003 */
      participant: string;
      /** @example enrolment/demographics#1 */
      where: string;
    };
    ChecklistItemDto: {
      /** @example open_queries */
      id: string;
      title: string;
      count: number;
      /** @description The first 20 */
      details: components['schemas']['ChecklistDetailDto'][];
    };
    ChecklistUnavailableDto: {
      id: string;
      title: string;
      missingTables: string[];
    };
    ChecklistDto: {
      /** @description Items with something open */
      open: components['schemas']['ChecklistItemDto'][];
      /** @description Every item that ran */
      checked: components['schemas']['ChecklistItemDto'][];
      /** @description Items whose tables do not exist in this installation */
      unavailable: components['schemas']['ChecklistUnavailableDto'][];
    };
    StudyLockDto: {
      /**
       * @description Why the database is locked (kept with the lock and in the audit trail)
       * @example Last participant completed week 21; all queries resolved
       */
      reason: string;
      /**
       * @description Lock although checklist items are open; the reason must say why. The open items are kept with the lock.
       * @example false
       */
      override?: boolean;
    };
    LockedDto: {
      /** @description The lock snapshot, built by the worker (GET /studies/{study}/datasets shows its progress) */
      datasetId: string;
      /** @description Dataset version (1, 2, 3 … per study) */
      version: number;
    };
    UnlockDto: {
      /** @example Late-arriving SAE follow-up must be entered */
      reason: string;
    };
    UnlockedDto: {
      study: string;
      /** @description The status the study returned to */
      status: string;
    };
    CreateDatasetDto: {
      /**
       * @description Only interim snapshots are created here; a lock makes a lock snapshot
       * @example interim
       * @enum {string}
       */
      kind: 'interim';
      /** @example DMC interim analysis 1 */
      reason: string;
    };
    DatasetFileDto: {
      /** @example data.csv */
      name: string;
      bytes: number;
      /** @description SHA-256 of the file, hex */
      sha256: string;
    };
    DatasetDto: {
      id: string;
      /** @example TEIAS */
      study: string;
      version: number;
      /** @enum {string} */
      kind: 'lock' | 'interim';
      reason: string;
      /** @enum {string} */
      status: 'building' | 'ready' | 'failed';
      /** @description 0–100 */
      progress: number;
      /** @description The snapshot instant (ISO 8601 UTC) */
      createdAt: string;
      completedAt: string | null;
      participants: number | null;
      files: components['schemas']['DatasetFileDto'][];
      /** @description SHA-256 of the manifest: one line `<sha256>  <name>\n` per file, sorted by name in byte order (LC_ALL=C sha256sum *) */
      sha256: string | null;
      error: string | null;
      /** @description Build attempt: 1, then 2, 3 … after rebuilds (job id `dataset-<id>` / `dataset-<id>-<attempt>`) */
      attempt: number;
      /** @description High-water mark of the snapshot: the highest audit sequence number visible when the files were read (the files hold the data as of then) */
      snapshotSeq: number | null;
    };
    RebuildDto: {
      /**
       * @description Kept in the audit trail
       * @example Build failed while the storage volume was full
       */
      reason?: string;
    };
    DatasetChoiceDto: {
      /** @example 1 */
      code: number;
      /** @example Female */
      label: string;
    };
    DatasetVariableDto: {
      /**
       * @description The data.csv column
       * @example nrs_pain_baseline
       */
      name: string;
      /**
       * @description The dictionary label (the column name when it has none)
       * @example Pain (NRS) at baseline
       */
      label: string;
      /** @example baseline */
      form: string | null;
      /** @enum {string} */
      type: 'integer' | 'decimal' | 'date' | 'text' | 'choice' | 'boolean' | 'option' | 'other';
      /** @description Whether the column holds numbers (usable as a model variable) */
      numeric: boolean;
      /** @description choice columns: the codes and their labels */
      choices: components['schemas']['DatasetChoiceDto'][];
    };
    ImputeDto: {
      /**
       * @description Imputed data sets
       * @default 5
       * @example 20
       */
      m: number;
      /**
       * @description Iterations of the chained equations (mice’s maxit)
       * @default 5
       */
      maxit: number;
      /**
       * @description Donors for predictive mean matching
       * @default 5
       */
      donors: number;
      /** @description Seed of the imputations (default: `seed`, else 1) */
      seed?: number;
    };
    CalibrationSpecDto: {
      /**
       * @description Bootstrap replicates of the overfitting-corrected calibration curve (rms::calibrate); default `bootstrap`, else none
       * @example 200
       */
      B?: number;
      /**
       * @description cox (required there): the horizon for calibration, AUC(t), Brier(t) and net benefit
       * @example 365
       */
      horizon?: number;
      /**
       * @description cox: patients per calibration group (rms::calibrate m, default 150)
       * @example 150
       */
      m?: number;
    };
    DecisionCurveSpecDto: {
      /**
       * @description Threshold risks strictly between 0 and 1
       * @example [
       *       0.05,
       *       0.1,
       *       0.2
       *     ]
       */
      thresholds: number[];
      /**
       * @description cox: the horizon of the risks (default calibration.horizon)
       * @example 365
       */
      horizon?: number;
    };
    ModelSpecDto: {
      /**
       * @example logistic
       * @enum {string}
       */
      model: 'logistic' | 'cox';
      /**
       * @description logistic: the 0/1 outcome column
       * @example success
       */
      outcome?: string;
      /**
       * @description cox: follow-up time column
       * @example fu_days
       */
      time?: string;
      /**
       * @description cox: event column, 0/1 (or 1/2 with 2 = event, as R’s Surv)
       * @example died
       */
      event?: string;
      /**
       * @description Numeric covariate columns; required unless `formula` is given
       * @example [
       *       "age",
       *       "sex"
       *     ]
       */
      covariates?: string[];
      /**
       * @description An R formula instead of outcome/time/event/covariates/strata (API.md "Model development"): `y ~ ...` (logistic) or `Surv(time, event) ~ ...` (cox); terms `x`, `factor(x)`, `rcs(x, k)` (k 3..7), `a:b`, `a*b`, `strata(s)` (cox). Text columns and the dataset’s choice fields are factors, named by their labels; results then include `anova` and `design`.
       * @example Surv(fu_days, died) ~ rcs(age, 4) + sex + modic + strata(site)
       */
      formula?: string;
      /**
       * @description cox: stratify the baseline hazard by this column
       * @example site
       */
      strata?: string;
      /**
       * @description cox only
       * @default efron
       * @enum {string}
       */
      ties: 'efron' | 'breslow';
      /**
       * @description cox: report baseline survival at these times
       * @example [
       *       365,
       *       730
       *     ]
       */
      times?: number[];
      /**
       * @description cox: Kaplan-Meier interval type (survfit conf.type) for the median and the survival at `times`
       * @default log
       * @enum {string}
       */
      confType: 'log' | 'log-log' | 'plain';
      /**
       * @description logistic: Firth's penalised likelihood
       * @example false
       */
      firth?: boolean;
      /**
       * @description Bootstrap replicates for optimism-corrected validation
       * @example 200
       */
      bootstrap?: number;
      /**
       * @description Seed of the bootstrap (default 1): the same seed gives the same validation
       * @example 1
       */
      seed?: number;
      /** @description Present the model uniformly shrunk: coefficients times the bootstrap-corrected calibration slope (needs `bootstrap`); the logistic intercept or the Cox baseline hazard is re-estimated. The result says which model is presented (`presented`). */
      shrink?: boolean;
      /** @description Multiple imputation by chained equations (predictive mean matching, as mice’s default) of the model’s columns; the model is fitted to each imputed set and pooled by Rubin’s rules; `result.imputation` says how. Not with `shrink`. */
      impute?: components['schemas']['ImputeDto'];
      /** @description Calibration beyond the apparent val.prob indexes: the rms::calibrate curve (B bootstrap samples); cox: at `horizon`, with AUC(t) and Brier(t) */
      calibration?: components['schemas']['CalibrationSpecDto'];
      /** @description Net benefit of the model, treat-all and treat-none at these thresholds */
      decisionCurve?: components['schemas']['DecisionCurveSpecDto'];
    };
    ModelQueuedDto: {
      /** Format: uuid */
      id: string;
    };
    ModelListItemDto: {
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      datasetId: string;
      /** @description Version of the dataset the model was fitted on */
      datasetVersion: number;
      /** @enum {string} */
      status: 'queued' | 'running' | 'done' | 'failed';
      progress: number;
      /** @description The model spec as requested */
      spec: Record<string, unknown>;
      error: string | null;
      createdAt: string;
    };
    CoefficientDto: {
      /** @example age */
      term: string;
      estimate: number;
      se: number;
      z: number;
      p: number;
      lower: number;
      upper: number;
      ratio: number;
      ratioLower: number;
      ratioUpper: number;
    };
    LogLikDto: {
      null: number;
      model: number;
    };
    TestStatisticDto: {
      statistic: number;
      df: number;
      p: number;
    };
    ModelTestsDto: {
      lr: components['schemas']['TestStatisticDto'];
      wald: components['schemas']['TestStatisticDto'];
      score: components['schemas']['TestStatisticDto'];
    };
    ConcordanceDto: {
      estimate: number;
      se: number;
    };
    ValidationIndexDto: {
      /** @example Dxy */
      name: string;
      apparent: number;
      optimism: number;
      corrected: number;
    };
    ModelValidationDto: {
      B: number;
      seed: number;
      /** @description Replicates whose refit failed and were left out, as rms does */
      failed: number;
      indexes: components['schemas']['ValidationIndexDto'][];
    };
    ChisqRowDto: {
      term: string;
      chisq: number;
      df: number;
      p: number;
    };
    ChisqDto: {
      chisq: number;
      df: number;
      p: number;
    };
    PhTestDto: {
      terms: components['schemas']['ChisqRowDto'][];
      global: components['schemas']['ChisqDto'];
    };
    BaselineSurvivalDto: {
      time: number;
      survival: number;
      /** @description Stratified models only */
      stratum?: string;
    };
    ModelResultDto: {
      /** @enum {string} */
      model: 'logistic' | 'cox';
      /**
       * @description Logistic only
       * @enum {string}
       */
      method?: 'ml' | 'firth';
      n: number;
      events: number;
      /**
       * @description Cox only
       * @enum {string}
       */
      ties?: 'efron' | 'breslow';
      coefficients: components['schemas']['CoefficientDto'][];
      logLik: components['schemas']['LogLikDto'];
      tests: components['schemas']['ModelTestsDto'];
      /** @description C (AUC) or Harrell's C, apparent */
      concordance: components['schemas']['ConcordanceDto'];
      iterations: number;
      converged: boolean;
      warnings: string[];
      /**
       * @description Which model the saved model and predictions are
       * @enum {string}
       */
      presented: 'fitted' | 'shrunk';
      /** @description Bootstrap validation (rms::validate) */
      validation?: components['schemas']['ModelValidationDto'];
      /** @description Cox: cox.zph */
      phTest?: components['schemas']['PhTestDto'];
      /** @description Cox: survival at the covariate means */
      baselineSurvival?: components['schemas']['BaselineSurvivalDto'][];
      /** @description Formula fits: Wald tests per predictor as rms::anova */
      anova?: components['schemas']['ChisqRowDto'][];
      /** @description Riley et al. sample-size check (docs/modelling.md) */
      sampleSize?: {
        [key: string]: unknown;
      };
      /** @description Formula fits: coding of each variable and the columns of each term (docs/modelling.md) */
      design?: {
        [key: string]: unknown;
      };
      /** @description Uniform shrinkage applied (factor, source, coefficients) (docs/modelling.md) */
      shrinkage?: {
        [key: string]: unknown;
      };
      /** @description Firth: the FLIC intercept (docs/modelling.md) */
      flic?: {
        [key: string]: unknown;
      };
      /** @description Cox: Kaplan-Meier median and numbers at risk (docs/modelling.md) */
      kaplanMeier?: {
        [key: string]: unknown;
      };
      /** @description Missing cells per model column */
      missing?: {
        [key: string]: number;
      };
      /** @description Multiple imputation: settings and Rubin's rules per term (docs/modelling.md) */
      imputation?: {
        [key: string]: unknown;
      };
      /** @description Calibration: val.prob indexes, rms::calibrate curve or groups (docs/modelling.md) */
      calibration?: {
        [key: string]: unknown;
      };
      /** @description Cox: AUC(t) and Brier(t) at the horizon (docs/modelling.md) */
      timeDependent?: {
        [key: string]: unknown;
      };
      /** @description Net benefit at the thresholds (docs/modelling.md) */
      decisionCurve?: {
        [key: string]: unknown;
      };
    };
    ModelStatusDto: {
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      datasetId: string;
      study: string;
      /** @enum {string} */
      status: 'queued' | 'running' | 'done' | 'failed';
      /** @description Percent done */
      progress: number;
      /** @description The model spec as requested */
      spec: Record<string, unknown>;
      /** @description When done: the result JSON of API.md, the same as `trial fit --format json` prints */
      result?: components['schemas']['ModelResultDto'];
      /** @description When failed: why, naming the row or column for data errors */
      error?: string;
      /** @description Whether GET /models/{id}/report.pdf is available */
      report: boolean;
      createdAt: string;
    };
    CalibrationPointDto: {
      /** @description Mean predicted probability */
      predicted: number;
      /** @description Observed proportion (lowess of the outcome on predicted risk) */
      observed: number;
    };
    CalibrationGroupDto: {
      /** @description Mean predicted survival at `time` in the group */
      predicted: number;
      /** @description Kaplan-Meier survival at `time` in the group */
      observed: number;
      /** @description 95% lower limit of the Kaplan-Meier survival */
      lower: number | null;
      /** @description 95% upper limit of the Kaplan-Meier survival */
      upper: number | null;
      n: number;
    };
    GroupedCalibrationDto: {
      /** @description The time at which survival is compared (first requested time, or the median follow-up) */
      time: number;
      /** @description Fifths of the linear predictor */
      groups: components['schemas']['CalibrationGroupDto'][];
    };
    SurvivalStepDto: {
      time: number;
      survival: number;
    };
    RiskGroupDto: {
      /** @example low risk */
      label: string;
      n: number;
      events: number;
      /** @description Kaplan-Meier steps (survival from this time on); thinned to at most 500 */
      steps: components['schemas']['SurvivalStepDto'][];
    };
    ModelFiguresDto: {
      /** Format: uuid */
      id: string;
      /** @enum {string} */
      model: 'logistic' | 'cox';
      /** @description Logistic: apparent calibration curve (lowess), at most 500 points */
      calibrationCurve?: components['schemas']['CalibrationPointDto'][];
      /** @description Cox: predicted vs Kaplan-Meier survival in fifths of the linear predictor */
      groupedCalibration?: components['schemas']['GroupedCalibrationDto'];
      /** @description Cox: Kaplan-Meier curves in thirds of the linear predictor */
      riskGroups?: components['schemas']['RiskGroupDto'][];
    };
    PredictRequestDto: {
      /**
       * @description One object per new patient with the columns the model reads (choice fields by code or label); a missing value gives an empty prediction
       * @example [
       *       {
       *         "age": 62,
       *         "sex": "F",
       *         "modic": "type 1",
       *         "smoking": "never"
       *       },
       *       {
       *         "age": 48,
       *         "sex": "M",
       *         "modic": "none",
       *         "smoking": "current"
       *       }
       *     ]
       */
      rows: {
        [key: string]: (string | number) | null;
      }[];
      /**
       * @description cox: survival at these times
       * @example [
       *       90,
       *       365
       *     ]
       */
      times?: number[];
    };
    CentringMeanDto: {
      /** @example age */
      term: string;
      /** @example 57.3 */
      mean: number;
    };
    PredictionRowDto: {
      /** @description Position of the patient in `rows`, from 1 */
      row: number;
      /**
       * @description Linear predictor (cox: centred at `means`)
       * @example -0.734
       */
      lp: number | null;
      /**
       * @description logistic: predicted probability; cox: exp(lp)
       * @example 0.324
       */
      risk: number | null;
      /**
       * @description cox: survival at each of `times`, as survival::survfit(fit, newdata)
       * @example [
       *       0.91,
       *       0.78
       *     ]
       */
      survival?: number[];
      /** @description cox, stratified: the patient’s stratum */
      stratum?: string | null;
    };
    PredictionDto: {
      /** @enum {string} */
      model: 'logistic' | 'cox';
      /**
       * @description Which model predicted: as fitted, or uniformly shrunk (`shrink`)
       * @enum {string}
       */
      presented: 'fitted' | 'shrunk';
      /**
       * @description The shrinkage factor applied, when shrunk
       * @example 0.91
       */
      shrinkage?: number;
      /** @description cox: covariate means subtracted before the linear predictor */
      means?: components['schemas']['CentringMeanDto'][];
      /**
       * @example [
       *       90,
       *       365
       *     ]
       */
      times?: number[];
      rows: components['schemas']['PredictionRowDto'][];
      /** @description E.g. rows with missing values, times beyond the last follow-up */
      warnings: string[];
    };
    SafetyTaskStateDto: {
      /** @enum {string} */
      status: 'open' | 'done';
      doneAt: string | null;
    };
    SafetyEmailStateDto: {
      /**
       * @description The alert to the safety contacts; skipped when the study has none
       * @enum {string}
       */
      state: 'pending' | 'sending' | 'sent' | 'failed' | 'skipped';
      sentAt: string | null;
    };
    SafetyReportDto: {
      id: string;
      participantId: string;
      /** @example TEIAS-LUMC-0007 */
      participantLabel: string;
      siteId: string;
      eventId: string;
      /** @description Instance of the adverse-event form */
      instance: number;
      /** @description The event’s term as entered; empty when none */
      term: string;
      onset: string | null;
      createdAt: string;
      task: components['schemas']['SafetyTaskStateDto'];
      email: components['schemas']['SafetyEmailStateDto'];
      /**
       * @description 7 or 15 days to report (CCMO)
       * @enum {string}
       */
      category: 'fatal_or_life_threatening' | 'other';
      /** @example 7 */
      days: number;
      /** @description The day counting starts: date learned, else onset, else the day the form was saved */
      learned: string;
      /** @description The last day the report to the ethics committee is on time */
      deadline: string;
      reportedToSponsor: string | null;
      reportedToEthics: string | null;
      /** @enum {string} */
      state: 'due' | 'overdue' | 'reported' | 'reported_late';
    };
    RecordedDeviationDto: {
      id: string;
      participantId: string;
      /** @example TEIAS-LUMC-0007 */
      participantLabel: string;
      /** @enum {string} */
      kind: 'out_of_window' | 'missing_form' | 'treatment_in_other_arm' | 'eligibility_violation' | 'wrong_treatment' | 'other';
      /** @enum {string} */
      grade: 'major' | 'minor';
      eventId: string | null;
      formId: string | null;
      description: string;
      /** @description YYYY-MM-DD */
      occurredOn: string | null;
      createdAt: string;
      /** @description The user who recorded it */
      createdBy: string;
    };
    UserMembershipDto: {
      study: string;
      role: string;
      siteCode: string | null;
    };
    UserInvitationStateDto: {
      /** @enum {string} */
      state: 'pending' | 'used' | 'expired' | 'revoked';
      expiresAt: string;
      usedAt: string | null;
    };
    UserListItemDto: {
      /** Format: uuid */
      id: string;
      email: string;
      name: string;
      active: boolean;
      isAdmin: boolean;
      createdAt: string;
      memberships: components['schemas']['UserMembershipDto'][];
      /** @description The newest invitation; null when never invited */
      invitation: components['schemas']['UserInvitationStateDto'] | null;
    };
    InviteUserDto: {
      /** @example a.jansen@lumc.nl */
      email: string;
      /** @example Anna Jansen */
      name: string;
      memberships: components['schemas']['MembershipDto'][];
    };
    IssuedInvitationDto: {
      /** Format: uuid */
      userId: string;
      email: string;
      name: string;
      /** @description When the link stops working (ISO 8601 UTC) */
      expiresAt: string;
      /**
       * @description The one-time link, shown once (only its hash is stored); it was also emailed to the user
       * @example https://trial.example.org/console/invite/3q2-…
       */
      link: string;
      /** @description Whether the email left through SMTP (false: SMTP_URL is unset, or sending failed; give the link yourself) */
      emailed: boolean;
    };
    InvitationDto: {
      /** Format: uuid */
      userId: string;
      email: string;
      name: string;
      /** @description When the link stops working (ISO 8601 UTC) */
      expiresAt: string;
    };
    AcceptInvitationDto: {
      /** @example a long passphrase of mine */
      password: string;
    };
    MailboxMessageDto: {
      /**
       * @description From the Message-ID: a resent message replaces its first copy
       * @example 5f0c2a9e81d4b7c3a6e1f209
       */
      id: string;
      /** @enum {string} */
      channel: 'email' | 'sms';
      /**
       * @description The address or phone number it was sent to
       * @example patient@example.nl
       */
      to: string;
      /**
       * @description Empty for an SMS
       * @example Your questionnaire for TEIAS is ready
       */
      subject: string;
      /** @description When the demo kept it (ISO 8601 UTC) */
      capturedAt: string;
      /** @description The plain-text body (the SMS text for an SMS), with the patient link */
      text: string;
      /**
       * @description The http(s) links in the body, in order (a patient link opens the questionnaire)
       * @example [
       *       "http://localhost:3000/q/3q2…"
       *     ]
       */
      links: string[];
    };
    SideDto: {
      /** @example 1 */
      code: number;
      /** @example Left */
      label: string;
    };
    KappaEstimateDto: {
      /** @description Null when undefined (no pairs, or one grade used by both readers) */
      value: number | null;
      /** @description Asymptotic standard error (Fleiss, Cohen & Everitt 1969; vcd::Kappa ASE) */
      se: number | null;
      /** @description 95% interval: value − 1.96 · se */
      lower: number | null;
      /** @description 95% interval: value + 1.96 · se */
      upper: number | null;
    };
    AgreementRowDto: {
      /** @example miskin_cc */
      grade: string;
      /** @example Central canal stenosis (Miskin grade) */
      label: string;
      /** @description Null: every pair; otherwise the pairs graded on this side */
      side: components['schemas']['SideDto'] | null;
      /**
       * @example [
       *       0,
       *       1,
       *       2,
       *       3
       *     ]
       */
      categories: number[];
      /** @description Counts: rows the first reading’s grade, columns the second’s */
      table: number[][];
      /** @description Pairs counted */
      n: number;
      observedAgreement: number | null;
      /** @description Cohen’s kappa */
      unweighted: components['schemas']['KappaEstimateDto'];
      /** @description Linear weights 1 − |i − j| / 3 (vcd "Equal-Spacing") */
      linear: components['schemas']['KappaEstimateDto'];
      /** @description Quadratic weights 1 − (i − j)² / 9 (vcd "Fleiss-Cohen") */
      quadratic: components['schemas']['KappaEstimateDto'];
    };
    AgreementDto: {
      /** @example POTEISS */
      study: string;
      /** @description Participants with a complete first reading */
      firstReadings: number;
      /** @description Of those, with a complete further reading by another reader of the same level and side */
      pairs: number;
      /** @description Complete further readings entered blind by a reader (the others came through the CRF) */
      blindedReadings: number;
      rows: components['schemas']['AgreementRowDto'][];
    };
    SubjectValueDto: {
      /** @example level */
      field: string;
      /** @example Level */
      label: string;
      /**
       * @description The option code of the first reading
       * @example 4
       */
      code: number;
      /** @example L4–L5 */
      text: string;
    };
    OwnReadingDto: {
      instance: number;
      /** @enum {string} */
      status: 'incomplete' | 'complete';
      version: number;
    };
    ReadingTaskDto: {
      /** Format: uuid */
      participantId: string;
      /** @example POTEISS-LUMC-0001 */
      label: string;
      /** @description What to grade (level, side), from the first reading; never its grades */
      subject: components['schemas']['SubjectValueDto'][];
      /** @description The caller’s own reading, once started */
      reading: components['schemas']['OwnReadingDto'] | null;
    };
    BlindedReadingDto: {
      /** Format: uuid */
      participantId: string;
      /** @example POTEISS-LUMC-0001 */
      label: string;
      /** @description What to grade (level, side), from the first reading; never its grades */
      subject: components['schemas']['SubjectValueDto'][];
      /** @description The caller’s own reading, once started */
      reading: components['schemas']['OwnReadingDto'] | null;
      /** @description The caller’s own grades; {} before the first save */
      values: {
        [key: string]: unknown;
      };
      /**
       * @example [
       *       "root_comp",
       *       "miskin_cc",
       *       "miskin_lr",
       *       "foraminal",
       *       "modic"
       *     ]
       */
      fields: string[];
    };
    SaveReadingDto: {
      /**
       * @description The grades of the reading (a PUT replaces them). Not the reader id nor what is read (level, side): the server sets them. Missing-data codes as {"missing": "not_done"}
       * @example {
       *       "root_comp": 2,
       *       "miskin_cc": 1,
       *       "miskin_lr": 2,
       *       "foraminal": 0,
       *       "modic": 0
       *     }
       */
      values: {
        [key: string]: unknown;
      };
      /**
       * @description Default: the current status (incomplete on the first save)
       * @example complete
       * @enum {string}
       */
      status?: 'incomplete' | 'complete';
      /**
       * @description Why a complete reading changes; required then
       * @example Foraminal grade re-read on the sagittal series
       */
      reason?: string;
      /**
       * @description The version last read; omit (or null) on the first save
       * @example null
       */
      version?: number | null;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  HealthController_check: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
    };
  };
  AuthController_login: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['LoginDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TokenDto'];
        };
      };
      /** @description Email or password is wrong (the same answer for an unknown email and a deactivated account) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Too many attempts from this address, or this account is locked for this address for a while: the problem has `lockedUntil` (ISO instant) and `retryAfterSeconds`, and `Retry-After` says the same. Unknown emails are answered alike. */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AuthController_me: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The signed-in user, their memberships and, per study, what they may do */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MeDto'];
        };
      };
    };
  };
  AuthController_changePassword: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ChangePasswordDto'];
      };
    };
    responses: {
      /** @description Changed; every token of this user, this one included, has ended: sign in again */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The current password is wrong (counts towards the login lock-out) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Too many wrong passwords: locked for this address, as for logins */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  InvitationsController_list: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Every user with memberships, whether active, and their newest invitation */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UserListItemDto'][];
        };
      };
    };
  };
  UsersController_create: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateUserDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['IdDto'];
        };
      };
      /** @description A user with this email exists */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  UsersController_update: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateUserDto'];
      };
    };
    responses: {
      /** @description Deactivating, replacing memberships or resetting the password ends every existing token of the user at once (401 from the next request); users are never deleted */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UserDto'];
        };
      };
      /** @description An administrator cannot deactivate their own account */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  SitesController_list: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SiteDto'][];
        };
      };
    };
  };
  SitesController_create: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateSiteDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SiteDto'];
        };
      };
      /** @description A site with this code exists */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  StudiesController_goLive: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Study code */
        study: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The study is recruiting; audited (go_live) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StudyGoLiveDto'];
        };
      };
      /** @description The study is not in set-up, or a patient-facing instrument has placeholder wording (rule INSTRUMENT_WORDING_PLACEHOLDER, `instruments` names them; ALLOW_PLACEHOLDER_WORDING=true allows it) */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  StudiesController_list: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StudyListItemDto'][];
        };
      };
    };
  };
  StudiesController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Study code */
        study: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The study definition: arms, randomisation, schedule, forms, instruments, eligibility */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StudyDetailDto'];
        };
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  StudiesController_eligibility: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Study code */
        study: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EligibilityCriterionDto'][];
        };
      };
    };
  };
  StudiesController_listSites: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Study code */
        study: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Sites with recruitment target and number enrolled */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StudySiteDto'][];
        };
      };
    };
  };
  StudiesController_addSite: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Study code */
        study: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['AddStudySiteDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StudySiteDto'];
        };
      };
      /** @description The site already takes part */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  StudiesController_recruitment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Study code */
        study: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Recruitment per site against target, with monthly cumulative curves; limited to the caller’s sites */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RecruitmentDto'];
        };
      };
    };
  };
  StudiesController_allocations: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Study code */
        study: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The allocation log (admin and statistician only; never coordinators) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AllocationDto'][];
        };
      };
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  StudiesController_verify: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Study code */
        study: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Every allocation regenerated from the secret seed; mismatches listed */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AllocationVerificationDto'];
        };
      };
    };
  };
  ParticipantsController_list: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Study code */
        study: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Participants of the study, limited to the caller’s sites */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ParticipantDto'][];
        };
      };
    };
  };
  ParticipantsController_enrol: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Study code */
        study: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['EnrolDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EnrolledDto'];
        };
      };
      /** @description Invalid input; `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Wrong role, or another site */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Not eligible; `errors` names each failed criterion */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  ParticipantsController_screening: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Study code */
        study: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Screening log per site (screened, eligible, enrolled) and how often each criterion failed; limited to the caller’s sites */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ScreeningDto'];
        };
      };
    };
  };
  ParticipantsController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Participant with status, arm once randomised, and the schedule with windows and states */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ParticipantDetailDto'];
        };
      };
      /** @description Unknown, or at a site the caller cannot see */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  ParticipantsController_randomise: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RandomiseDto'];
      };
    };
    responses: {
      /** @description `sequence` only for callers not bound to a site */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RandomisationDto'];
        };
      };
      /** @description Already randomised, or not in a state to be */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  ParticipantsController_changeStatus: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ParticipantStatusChangeDto'];
      };
    };
    responses: {
      /** @description The participant after the change */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ParticipantDto'];
        };
      };
      /** @description The transition is not allowed, or contradicts a complete end-of-study form (which leads); the detail says why */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  ParticipantsController_stopTreatment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['TreatmentStopDto'];
      };
    };
    responses: {
      /** @description Stopped treatment, follow-up continues (intention-to-treat): recorded and audited; the status stays and every questionnaire goes on */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ParticipantDto'];
        };
      };
      /** @description Withdrawn or completed, or a change without `correction` */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  ParticipantsController_contact: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Decrypted contact details for the site team, `{}` when none are on file; every read is audited */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ParticipantContactDto'];
        };
      };
    };
  };
  ParticipantsController_audit: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AuditRowDto'][];
        };
      };
    };
  };
  FormsController_get: {
    parameters: {
      query?: {
        /** @description Instance of a repeating form (adverse events, medication); default 1 */
        instance?: number;
      };
      header?: never;
      path: {
        id: string;
        eventId: string;
        formId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Never saved: {status: "not_started", values: {}, version: null} */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['FormViewDto'];
        };
      };
      /** @description Unknown participant, event or form */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  FormsController_save: {
    parameters: {
      query?: {
        /** @description Instance of a repeating form (adverse events, medication); default 1 */
        instance?: number;
      };
      header?: never;
      path: {
        id: string;
        eventId: string;
        formId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['SaveFormDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SavedFormDto'];
        };
      };
      /** @description Invalid values (one `errors` entry per field, plain field ids), required fields missing on complete, a value for a field hidden by branching */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Unknown participant, event or form, or a form that the event does not hold */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Stale or missing version, a locked form or visit (the lock is named), a locked study */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description A form for other arms or cohorts; a change to a complete form without reason */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  FormsController_history: {
    parameters: {
      query?: {
        /** @description Instance of a repeating form (adverse events, medication); default 1 */
        instance?: number;
        /** @description Also rebuild the form, from the audit rows alone, as it stood at this instant (ISO 8601) */
        at?: string;
      };
      header?: never;
      path: {
        id: string;
        eventId: string;
        formId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The audit rows of one form instance in chain order; with `at`, also `stateAt`: the form rebuilt from them at that instant */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['FormHistoryDto'];
        };
      };
      /** @description Unknown participant, event or form */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  FormsController_list: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Every saved form instance */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['FormSummaryDto'][];
        };
      };
    };
  };
  ReviewController_listQueries: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Every query of the participant with its messages */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['FormQueryDto'][];
        };
      };
    };
  };
  ReviewController_openQuery: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['OpenQueryDto'];
      };
    };
    responses: {
      /** @description The query, open, with its first message */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['FormQueryDto'];
        };
      };
    };
  };
  ReviewController_answer: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        queryId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['QueryTextDto'];
      };
    };
    responses: {
      /** @description The query, answered */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['FormQueryDto'];
        };
      };
      /** @description The query is closed */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  ReviewController_close: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        queryId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CloseQueryDto'];
      };
    };
    responses: {
      /** @description The query, closed */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['FormQueryDto'];
        };
      };
      /** @description A monitor closing another monitor’s query */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  ReviewController_reopen: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        queryId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['QueryTextDto'];
      };
    };
    responses: {
      /** @description The query, open again */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['FormQueryDto'];
        };
      };
    };
  };
  ReviewController_studyQueries: {
    parameters: {
      query?: {
        status?: 'open' | 'answered' | 'closed';
      };
      header?: never;
      path: {
        /** @description Study code */
        study: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Queries at the caller’s sites, each with its age in days (`ageDays`), ordered by site */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['FormQueryDto'][];
        };
      };
    };
  };
  ReviewController_sdvStatus: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Per form instance: fields the plan asks to verify, verified, remaining */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SdvStatusDto'];
        };
      };
    };
  };
  ReviewController_verify: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['VerifyDto'];
      };
    };
    responses: {
      /** @description The fields verified by this action */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['VerifiedDto'];
        };
      };
    };
  };
  ReviewController_sdvReport: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Study code */
        study: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description What remains to verify under the plan, per participant at the caller’s sites */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SdvReportDto'];
        };
      };
    };
  };
  ReviewController_sdvPlan: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Study code */
        study: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Without a plan set: every entered field (`{kind: "all", samplePercent: null}`) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SdvPlanViewDto'];
        };
      };
    };
  };
  ReviewController_setSdvPlan: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Study code */
        study: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['SdvPlanDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SdvPlanViewDto'];
        };
      };
    };
  };
  ReviewController_signatures: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Every signature, voided ones with when and by which change */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SignatureDto'][];
        };
      };
    };
  };
  ReviewController_sign: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['SignDto'];
      };
    };
    responses: {
      /** @description The signature: printed name, time, meaning, status valid */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SignatureDto'];
        };
      };
      /** @description Wrong password (audited; counts towards the login lock-out) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Too many wrong passwords: the account is locked for this address, as for logins */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  ReviewController_signer: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description What a signature by the caller would carry */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SignerDto'];
        };
      };
    };
  };
  ReviewController_locks: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Current form and visit locks */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['FormLockDto'][];
        };
      };
    };
  };
  ReviewController_lock: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['LockDto'];
      };
    };
    responses: {
      /** @description The lock */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['FormLockDto'];
        };
      };
      /** @description Already locked */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  ReviewController_unlock: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        lockId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ReasonDto'];
      };
    };
    responses: {
      /** @description Unlocked */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  ReviewController_deviations: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Study code */
        study: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Protocol deviations detected at the caller’s sites (out_of_window, missing_form, treatment_in_other_arm, eligibility_violation, wrong_treatment), each `source: "detected"` */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DetectedDeviationDto'][];
        };
      };
    };
  };
  SafetyController_record: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Study code */
        study: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** Format: uuid */
          participantId: string;
          /** @enum {string} */
          kind?: 'out_of_window' | 'missing_form' | 'treatment_in_other_arm' | 'eligibility_violation' | 'wrong_treatment' | 'other';
          /** @enum {string} */
          grade?: 'major' | 'minor';
          eventId?: string;
          formId?: string;
          description: string;
          /** Format: date */
          occurredOn?: string;
        };
      };
    };
    responses: {
      /** @description The deviation, recorded and audited */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RecordedDeviationDto'];
        };
      };
    };
  };
  CasebookController_status: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The latest casebook: building, ready (with size and SHA-256) or failed */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CasebookStatusDto'];
        };
      };
      /** @description None requested yet */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  CasebookController_request: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The worker renders the PDF; follow it with GET /participants/{id}/casebook */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CasebookRequestedDto'];
        };
      };
    };
  };
  CasebookController_download: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The latest finished casebook PDF, as an attachment named casebook-<label>-<n>.pdf (downloads are audited) */
      200: {
        headers: {
          /** @description attachment; filename="casebook-<label>-<n>.pdf" */
          'Content-Disposition'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/pdf': string;
        };
      };
      /** @description No finished casebook yet */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  InstrumentsController_list: {
    parameters: {
      query?: {
        language?: 'nl' | 'en';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Every instrument definition, items in the instrument’s own order */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['InstrumentDto'][];
        };
      };
    };
  };
  InstrumentsController_get: {
    parameters: {
      query?: {
        language?: 'nl' | 'en';
      };
      header?: never;
      path: {
        code: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['InstrumentDto'];
        };
      };
      /** @description Unknown instrument */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  InstrumentsController_score: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        code: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ScoreDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ScoreResultDto'];
        };
      };
      /** @description An unknown item or a code the item does not offer; `errors` names each item */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Unknown instrument */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  PortalController_open: {
    parameters: {
      query?: {
        /** @description Default: the participant's contact language */
        language?: 'nl' | 'en';
      };
      header?: never;
      path: {
        token: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The questionnaire in the patient’s language, with the answers saved so far */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PortalQuestionnaireDto'];
        };
      };
      /** @description Unknown or expired link; `contact` is the platform contact (SUPPORT_CONTACT_*) when set */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Already submitted */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  PortalController_submit: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        token: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['QuestionnaireAnswersDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SubmissionDto'];
        };
      };
      /** @description `errors` names each invalid item as `<CODE>.<itemId>` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Unknown or expired link */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Already submitted */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  PortalController_save: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        token: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['QuestionnaireAnswersDto'];
      };
    };
    responses: {
      /** @description Saved; all answers so far */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SavedAnswersDto'];
        };
      };
      /** @description `errors` names each invalid item as `<CODE>.<itemId>` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Unknown or expired link */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Already submitted */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  QuestionnairesController_list: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ParticipantQuestionnaireDto'][];
        };
      };
      /** @description Unknown, or at a site the caller cannot see */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  QuestionnairesController_outcomes: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Per completed follow-up: nrsLegChange, nrsLegPercentChange, responder50, recovered, reasons */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ParticipantOutcomeDto'][];
        };
      };
    };
  };
  QuestionnairesController_enter: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        qid: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['EntryDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SubmissionDto'];
        };
      };
      /** @description Already submitted, cancelled, or the study is locked */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  QuestionnairesController_issueLink: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        qid: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A new patient link; every earlier link of the questionnaire is voided (audited) */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['IssuedLinkDto'];
        };
      };
      /** @description Submitted, cancelled, window closed, participant no longer taking part, or the study is locked */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  QuestionnairesController_resend: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        qid: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description One new invitation in the outbox (the worker sends it with a new link); earlier links are voided. Pressed again while it waits: nothing more */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ResentInvitationDto'];
        };
      };
      /** @description Submitted, cancelled, window closed, clinic mode, participant no longer taking part, or the study is locked */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  QuestionnairesController_due: {
    parameters: {
      query?: {
        /** @description due: window open now; overdue: past the due instant, not completed */
        status?: 'due' | 'overdue';
      };
      header?: never;
      path: {
        /** @description Study code */
        study: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Questionnaires not completed, limited to the caller’s sites: due = window open now; overdue = the due day (study time zone) has passed */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DueQuestionnaireDto'][];
        };
      };
    };
  };
  QuestionnairesController_completion: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Study code */
        study: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Per time point: scheduled, open, completed, missed and rate = completed / (completed + missed); the same per site and per arm (differential attrition), and the recorded reasons for missed questionnaires */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CompletionDto'][];
        };
      };
    };
  };
  QuestionnairesController_missedReason: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        qid: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['MissedReasonDto'];
      };
    };
    responses: {
      /** @description The questionnaire with the recorded reason (audited) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ParticipantQuestionnaireDto'];
        };
      };
      /** @description The questionnaire is not missed */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  QuestionnairesController_tasks: {
    parameters: {
      query?: {
        status?: 'open' | 'done';
      };
      header?: never;
      path: {
        /** @description Study code */
        study: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Coordinator tasks (questionnaire still open 2 days before its window closes), limited to the caller’s sites */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CoordinatorTaskDto'][];
        };
      };
    };
  };
  QuestionnairesController_taskDone: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        taskId: string;
        /** @description Study code */
        study: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The task is done (audited) */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Unknown task, or at another site */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Already done */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  QuestionnairesController_taskOutcomes: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        taskId: string;
        /** @description Study code */
        study: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The task’s outcome log, oldest first */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TaskOutcomeDto'][];
        };
      };
      /** @description Unknown task, or at another site */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  QuestionnairesController_recordTaskOutcome: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        taskId: string;
        /** @description Study code */
        study: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['TaskOutcomeBodyDto'];
      };
    };
    responses: {
      /** @description One attempt recorded (audited); rescheduled takes a date */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TaskOutcomeDto'];
        };
      };
      /** @description Unknown task, or at another site */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The study is locked */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  DatasetsController_checklist: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Study code */
        study: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ChecklistDto'];
        };
      };
    };
  };
  DatasetsController_lock: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Study code */
        study: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['StudyLockDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LockedDto'];
        };
      };
      /** @description Not an admin or data manager of the study, or bound to a site */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Open checklist items (listed in `items`) without override, or already locked */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  DatasetsController_unlock: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Study code */
        study: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UnlockDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UnlockedDto'];
        };
      };
      /** @description The study is not locked, or its lock dataset is still building */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  DatasetsController_list: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Study code */
        study: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DatasetDto'][];
        };
      };
      /** @description Not a statistician, data manager or admin of the study, or bound to a site */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  DatasetsController_createInterim: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Study code */
        study: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateDatasetDto'];
      };
    };
    responses: {
      /** @description An interim snapshot without locking; the worker builds its files */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DatasetDto'];
        };
      };
    };
  };
  DatasetsController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DatasetDto'];
        };
      };
      /** @description Unknown, or of a study the caller is not a member of */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  DatasetsController_rebuild: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RebuildDto'];
      };
    };
    responses: {
      /** @description Back to `building` under a new attempt; the worker builds it again */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DatasetDto'];
        };
      };
      /** @description Not an admin or data manager of the study, or bound to a site */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Unknown, or of a study the caller is not a member of */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The dataset is ready, still building with a live job, or the snapshot of a lock that was lifted */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  DatasetsController_file: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        /** @description The file: data.csv, data-long.csv, dictionary.csv, odm.xml, load.R, load.do, load.sps, audit.csv, audit-head.json, agreement.csv (agreement.csv: studies with double reading only) */
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The file, streamed as an attachment: .csv as text/csv, odm.xml as application/xml, load.R/.do/.sps as text/plain (UTF-8), audit-head.json as application/octet-stream. `X-Checksum-SHA256` carries its SHA-256. Every download is audited. */
      200: {
        headers: {
          /** @description SHA-256 of the file, hex (as in the dataset’s `files`) */
          'X-Checksum-SHA256'?: string;
          /** @description attachment; filename="<name>" */
          'Content-Disposition'?: string;
          [name: string]: unknown;
        };
        content: {
          'text/csv': string;
          'application/xml': string;
          'text/plain': string;
          'application/octet-stream': string;
        };
      };
      /** @description Unknown dataset or file name */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The dataset is still building or failed */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  DatasetsController_zip: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The whole dataset as one zip: a folder `<STUDY>-v<version>/` holding every file under its own name (so load.R, load.do and load.sps run as they are) and `SHA256SUMS`, the manifest whose SHA-256 is the dataset’s `sha256`. The download is audited. */
      200: {
        headers: {
          /** @description attachment; filename="<STUDY>-v<version>.zip" */
          'Content-Disposition'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/zip': string;
        };
      };
      /** @description Unknown, or of a study the caller is not a member of */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The dataset is still building or failed, or a stored file is missing */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  DatasetsController_variables: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The columns of data.csv in order, with the labels of dictionary.csv */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DatasetVariableDto'][];
        };
      };
      /** @description Unknown, or of a study the caller is not a member of */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The dataset is still building or failed */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  ModelsController_request: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ModelSpecDto'];
      };
    };
    responses: {
      /** @description Queued for the worker; follow it with GET /models/{id} */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ModelQueuedDto'];
        };
      };
      /** @description Invalid spec; `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Role not allowed (statistician, data_manager, admin), or bound to a site */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Unknown dataset, or one of a study the caller is not in */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The dataset has no data.csv yet */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The spec names columns that data.csv does not have */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  ModelsController_list: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Study code */
        study: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The study’s model fits, newest first (at most 200), with status and progress */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ModelListItemDto'][];
        };
      };
      /** @description Role not allowed (statistician, data_manager, admin), or bound to a site */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  ModelsController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ModelStatusDto'];
        };
      };
      /** @description Unknown model, or one of a study the caller is not in */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  ModelsController_figures: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The curves of the PDF report as data: calibration (logistic lowess, Cox grouped) and Kaplan-Meier per risk group (Cox) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ModelFiguresDto'];
        };
      };
      /** @description Unknown model, or one of a study the caller is not in */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The model is not done */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  ModelsController_predict: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['PredictRequestDto'];
      };
    };
    responses: {
      /** @description One prediction per row, as R’s predict and survfit(fit, newdata) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PredictionDto'];
        };
      };
      /** @description Invalid body; `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Unknown model, or one of a study the caller is not in */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The model is not done */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description A row cannot be coded: unknown level or stratum, text where a number is due, missing column */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  ModelsController_report: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The PDF report: coefficients, tests, C, calibration, risk groups, validation, PH test, sample size (downloads are audited) */
      200: {
        headers: {
          /** @description attachment; filename="model-<id>.pdf" */
          'Content-Disposition'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/pdf': string;
        };
      };
      /** @description The model is not done */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  SafetyController_reports: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Study code */
        study: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Serious adverse events at the caller’s sites: category (fatal_or_life_threatening: 7 days, other: 15 days, CCMO), date learned, deadline, reports to sponsor and ethics committee, state (due, overdue, reported, reported_late), task and email state */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SafetyReportDto'][];
        };
      };
    };
  };
  SafetyController_done: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        /** @description Study code */
        study: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The SAE task is done (audited) */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Already done, or the study is locked */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  SafetyController_recorded: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Study code */
        study: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deviations entered by hand, with grading */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RecordedDeviationDto'][];
        };
      };
    };
  };
  InvitationsController_invite: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['InviteUserDto'];
      };
    };
    responses: {
      /** @description The user is created without a usable password and emailed a one-time link to set one */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['IssuedInvitationDto'];
        };
      };
      /** @description A user with this email exists */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  InvitationsController_reinvite: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A new one-time link; the older links stop working */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['IssuedInvitationDto'];
        };
      };
      /** @description Unknown user */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The user is deactivated */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  InvitationsController_open: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        token: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Who the link is for (no login) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['InvitationDto'];
        };
      };
      /** @description Unknown, used, replaced or expired link */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Too many attempts from this address */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  InvitationsController_accept: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        token: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['AcceptInvitationDto'];
      };
    };
    responses: {
      /** @description The password is set and the link is spent; sign in with POST /auth/login */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['InvitationDto'];
        };
      };
      /** @description Unknown, used, replaced or expired link */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Too many attempts from this address */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  MailboxController_list: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The kept messages, newest first (at most 500) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MailboxMessageDto'][];
        };
      };
      /** @description Not an admin */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Not the demo: there is no mailbox */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  MailboxController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MailboxMessageDto'];
        };
      };
      /** @description Not an admin */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Unknown message, or not the demo */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AgreementController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Study code */
        study: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AgreementDto'];
        };
      };
      /** @description The study has no double reading */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AgreementController_tasks: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Study code */
        study: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ReadingTaskDto'][];
        };
      };
    };
  };
  AgreementController_reading: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        participantId: string;
        /** @description Study code */
        study: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['BlindedReadingDto'];
        };
      };
      /** @description Unknown participant (or at another site), or no complete first reading yet */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AgreementController_save: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        participantId: string;
        /** @description Study code */
        study: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['SaveReadingDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['BlindedReadingDto'];
        };
      };
      /** @description Invalid grades, or a reader id or subject field in the body */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No complete first reading yet, a stale version, a locked form or study */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
}

# Reference numbers for libs/modelling (Cox regression, Kaplan-Meier, concordance, cox.zph).
# Run from this folder:  Rscript make-reference.R
# Writes one JSON file per case, holding the data rows themselves, so the specs need no R.
suppressPackageStartupMessages({
  library(survival)
  library(jsonlite)
})

num <- function(x) {
  x <- as.numeric(x)
  ifelse(is.finite(x), x, NA)
}

write_case <- function(obj, file) {
  writeLines(toJSON(obj, digits = NA, auto_unbox = TRUE, na = "null", null = "null", pretty = FALSE), file)
}

surv_at <- function(sf, times) {
  s <- summary(sf, times = times, extend = TRUE)
  if (is.null(s$strata)) {
    list(list(stratum = NULL, time = num(s$time), surv = num(s$surv)))
  } else {
    lapply(levels(s$strata), function(k) {
      keep <- s$strata == k
      list(stratum = sub("^.*=", "", k), time = num(s$time[keep]), surv = num(s$surv[keep]))
    })
  }
}

full_curve <- function(sf) {
  if (is.null(sf$strata)) {
    list(list(stratum = NULL, time = num(sf$time), surv = num(sf$surv), cumhaz = num(sf$cumhaz)))
  } else {
    ends <- cumsum(sf$strata)
    starts <- c(1, head(ends, -1) + 1)
    lapply(seq_along(ends), function(i) {
      idx <- starts[i]:ends[i]
      list(stratum = sub("^.*=", "", names(sf$strata)[i]), time = num(sf$time[idx]),
           surv = num(sf$surv[idx]), cumhaz = num(sf$cumhaz[idx]))
    })
  }
}

cox_case <- function(name, formula, data, covariates, time, status, event_code, strata = NULL, ties, times) {
  vars <- c(time, status, covariates, strata)
  complete <- complete.cases(data[, vars])
  d <- data[complete, ]
  # Evaluated with the data inlined so that cox.zph, concordance and survfit can rebuild the model frame.
  fit <- eval(bquote(coxph(.(formula), data = .(d), ties = .(ties))))
  s <- summary(fit)
  zph <- cox.zph(fit)
  cc <- concordance(fit)
  sf <- survfit(fit)
  X <- as.matrix(d[, covariates, drop = FALSE])
  list(
    name = name,
    formula = paste(deparse(formula), collapse = ""),
    ties = ties,
    survivalVersion = as.character(packageVersion("survival")),
    droppedIncomplete = sum(!complete),
    n = fit$n,
    nevent = fit$nevent,
    data = list(
      time = num(d[[time]]),
      event = as.integer(d[[status]] == event_code),
      names = covariates,
      X = unname(lapply(seq_len(nrow(X)), function(i) num(X[i, ]))),
      strata = if (is.null(strata)) NULL else as.character(d[[strata]])
    ),
    coefficients = list(
      names = names(coef(fit)),
      estimate = num(coef(fit)),
      se = num(sqrt(diag(fit$var))),
      z = num(s$coefficients[, "z"]),
      p = num(s$coefficients[, "Pr(>|z|)"]),
      lower = num(log(s$conf.int[, "lower .95"])),
      upper = num(log(s$conf.int[, "upper .95"])),
      ratio = num(s$conf.int[, "exp(coef)"]),
      ratioLower = num(s$conf.int[, "lower .95"]),
      ratioUpper = num(s$conf.int[, "upper .95"])
    ),
    var = unname(lapply(seq_len(nrow(fit$var)), function(i) num(fit$var[i, ]))),
    means = num(fit$means),
    linearPredictors = num(fit$linear.predictors),
    logLik = list(null = num(fit$loglik[1]), model = num(fit$loglik[2])),
    tests = list(
      lr = list(statistic = num(s$logtest["test"]), df = num(s$logtest["df"]), p = num(s$logtest["pvalue"])),
      # summary() rounds the Wald statistic to 2 decimals; fit$wald.test is the exact value.
      wald = list(statistic = num(fit$wald.test), df = num(s$waldtest["df"]), p = num(s$waldtest["pvalue"])),
      score = list(statistic = num(s$sctest["test"]), df = num(s$sctest["df"]), p = num(s$sctest["pvalue"]))
    ),
    iterations = fit$iter,
    concordance = list(
      estimate = num(cc$concordance), se = num(sqrt(cc$var)),
      fitEstimate = num(fit$concordance["concordance"]), fitSe = num(fit$concordance["std"]),
      count = as.list(if (is.matrix(cc$count)) colSums(cc$count) else cc$count)
    ),
    phTest = list(
      terms = lapply(seq_len(nrow(zph$table) - 1), function(i) list(
        term = rownames(zph$table)[i], chisq = num(zph$table[i, "chisq"]),
        df = num(zph$table[i, "df"]), p = num(zph$table[i, "p"]))),
      global = list(chisq = num(zph$table["GLOBAL", "chisq"]), df = num(zph$table["GLOBAL", "df"]),
                    p = num(zph$table["GLOBAL", "p"]))
    ),
    baselineTimes = times,
    baselineAt = surv_at(sf, times),
    baselineCurve = full_curve(sf)
  )
}

km_case <- function(name, data, time, status, event_code) {
  d <- data[complete.cases(data[, c(time, status)]), ]
  y <- Surv(d[[time]], d[[status]] == event_code)
  sf <- survfit(y ~ 1)
  q <- quantile(sf, probs = 0.5)
  list(
    name = name,
    survivalVersion = as.character(packageVersion("survival")),
    data = list(time = num(d[[time]]), event = as.integer(d[[status]] == event_code)),
    steps = list(
      time = num(sf$time), nRisk = num(sf$n.risk), nEvent = num(sf$n.event), nCensor = num(sf$n.censor),
      survival = num(sf$surv), stdErr = num(sf$std.err), lower = num(sf$lower), upper = num(sf$upper)
    ),
    median = list(estimate = num(q$quantile), lower = num(q$lower), upper = num(q$upper))
  )
}

lung <- survival::lung
lung$female <- lung$sex - 1
ovarian <- survival::ovarian
lung_times <- c(30, 100, 200, 365, 500, 700, 1000)
ovarian_times <- c(60, 100, 365, 500, 800, 1000)

cases <- list()
for (ties in c("efron", "breslow")) {
  cases[[paste0("lung-", ties)]] <- cox_case(
    paste0("lung-", ties), Surv(time, status) ~ age + sex + ph.ecog, lung,
    c("age", "sex", "ph.ecog"), "time", "status", 2, NULL, ties, lung_times)
  cases[[paste0("lung-female-", ties)]] <- cox_case(
    paste0("lung-female-", ties), Surv(time, status) ~ age + female + ph.ecog, lung,
    c("age", "female", "ph.ecog"), "time", "status", 2, NULL, ties, lung_times)
  cases[[paste0("lung-strata-sex-", ties)]] <- cox_case(
    paste0("lung-strata-sex-", ties), Surv(time, status) ~ age + ph.ecog + strata(sex), lung,
    c("age", "ph.ecog"), "time", "status", 2, "sex", ties, lung_times)
  cases[[paste0("lung-strata-inst-", ties)]] <- cox_case(
    paste0("lung-strata-inst-", ties), Surv(time, status) ~ age + sex + ph.ecog + strata(inst), lung,
    c("age", "sex", "ph.ecog"), "time", "status", 2, "inst", ties, lung_times)
  cases[[paste0("ovarian-rx-", ties)]] <- cox_case(
    paste0("ovarian-rx-", ties), Surv(futime, fustat) ~ age + rx, ovarian,
    c("age", "rx"), "futime", "fustat", 1, NULL, ties, ovarian_times)
  cases[[paste0("ovarian-ecog-", ties)]] <- cox_case(
    paste0("ovarian-ecog-", ties), Surv(futime, fustat) ~ age + ecog.ps, ovarian,
    c("age", "ecog.ps"), "futime", "fustat", 1, NULL, ties, ovarian_times)
}
for (nm in names(cases)) write_case(cases[[nm]], paste0(nm, ".json"))

write_case(km_case("lung-km", lung, "time", "status", 2), "lung-km.json")
write_case(km_case("ovarian-km", ovarian, "futime", "fustat", 1), "ovarian-km.json")

# A curve whose survival sits exactly at 0.5 on a flat step (survfit averages the two times).
flat <- data.frame(time = c(1, 2, 3, 4, 5, 6), status = c(1, 0, 1, 1, 1, 0))
flat_half <- data.frame(time = c(1, 2, 3, 4), status = c(1, 1, 0, 0))
write_case(km_case("half-km", flat_half, "time", "status", 1), "half-km.json")
write_case(km_case("small-km", flat, "time", "status", 1), "small-km.json")
mid_half <- data.frame(time = c(1, 2, 3, 4, 5, 6), status = c(1, 1, 1, 0, 1, 1))
write_case(km_case("mid-half-km", mid_half, "time", "status", 1), "mid-half-km.json")


# Degenerate designs: a collinear copy of a column (coxph reports NA for it) and a covariate that
# separates events from censorings (monotone likelihood: coxph warns the coefficient may be infinite).
deg_lung <- lung[complete.cases(lung[, c("time", "status", "age", "sex", "ph.ecog")]), ]
deg_lung$age2 <- 2 * deg_lung$age
collinear <- coxph(Surv(time, status) ~ age + sex + ph.ecog + age2, data = deg_lung)
monotone_warning <- NULL
monotone <- withCallingHandlers(
  coxph(Surv(futime, fustat) ~ age + fustat, data = ovarian),
  warning = function(w) {
    monotone_warning <<- conditionMessage(w)
    invokeRestart("muffleWarning")
  })
write_case(list(
  collinear = list(
    formula = "Surv(time, status) ~ age + sex + ph.ecog + age2 (age2 = 2 * age)",
    names = names(coef(collinear)), estimate = num(coef(collinear)),
    se = num(sqrt(diag(collinear$var))), logLik = num(collinear$loglik), iterations = collinear$iter
  ),
  monotone = list(
    formula = "Surv(futime, fustat) ~ age + fustat (ovarian)",
    names = names(coef(monotone)), estimate = num(coef(monotone)), logLik = num(monotone$loglik),
    iterations = monotone$iter, warning = monotone_warning
  )
), "degenerate.json")
cat("wrote", length(cases) + 6, "files\n")

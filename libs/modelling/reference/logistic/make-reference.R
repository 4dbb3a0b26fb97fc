# Reference values for libs/modelling logistic regression, calibration and validation.
# Run from the repository root:  Rscript libs/modelling/reference/logistic/make-reference.R
# Writes reference.json beside this script, with the data of each example included so the specs
# need nothing but the JSON. Requires: stats (glm), rms, survival (lung data), jsonlite.
suppressMessages({ library(rms); library(survival); library(jsonlite) })

out_dir <- "libs/modelling/reference/logistic"

example <- function(name, data, outcome, covariates) {
  f <- as.formula(paste(outcome, "~", paste(covariates, collapse = " + ")))
  d <- data[complete.cases(data[, c(outcome, covariates)]), c(outcome, covariates)]
  g <- glm(f, family = binomial, data = d)
  s <- summary(g)$coefficients
  l <- lrm(f, data = d, x = TRUE, y = TRUE)
  lp <- predict(g)
  p <- fitted(g)
  y <- d[[outcome]]
  cal_large <- glm(y ~ offset(lp), family = binomial)
  cal_slope <- glm(y ~ lp, family = binomial)
  smooth <- lowess(p, y, iter = 0)
  set.seed(20240501)
  v <- rms::validate(l, B = 200)
  list(
    name = name, outcome = outcome, covariates = covariates,
    rows_in = nrow(data), rows_used = nrow(d),
    data = lapply(as.list(d), as.numeric),
    glm = list(
      terms = rownames(s), estimate = unname(s[, 1]), se = unname(s[, 2]),
      z = unname(s[, 3]), p = unname(s[, 4]),
      logLik_model = as.numeric(logLik(g)),
      logLik_null = as.numeric(logLik(glm(as.formula(paste(outcome, "~ 1")), family = binomial, data = d))),
      deviance = g$deviance, null_deviance = g$null.deviance,
      iterations = g$iter, converged = g$converged,
      confint_wald_lower = unname(confint.default(g)[, 1]),
      confint_wald_upper = unname(confint.default(g)[, 2]),
      wald_chisq = as.numeric(
        t(coef(g)[-1]) %*% solve(vcov(g)[-1, -1]) %*% coef(g)[-1]),
      score_chisq = anova(glm(as.formula(paste(outcome, "~ 1")), family = binomial, data = d), g,
                          test = "Rao")$Rao[2]
    ),
    lrm = as.list(l$stats[c("Obs", "Model L.R.", "d.f.", "C", "Dxy", "R2", "Brier", "g", "gp")]),
    calibration = list(
      intercept_in_the_large = unname(coef(cal_large)[1]),
      slope = unname(coef(cal_slope)[2]), slope_intercept = unname(coef(cal_slope)[1]),
      lowess_x = smooth$x, lowess_y = smooth$y
    ),
    validate = list(
      B = 200, seed = 20240501,
      index = rownames(v),
      index_orig = unname(v[, "index.orig"]), training = unname(v[, "training"]),
      test = unname(v[, "test"]), optimism = unname(v[, "optimism"]),
      index_corrected = unname(v[, "index.corrected"]), n = unname(v[, "n"])
    )
  )
}

lung2 <- within(survival::lung, dead <- status - 1)

examples <- list(
  example("mtcars", mtcars, "am", c("wt", "hp")),
  example("infert", infert, "case", c("spontaneous", "induced", "age")),
  example("lung", lung2, "dead", c("age", "sex", "ph.ecog"))
)

# glm reports NA for an aliased column: the other estimates equal the fit without it.
mt <- within(mtcars, wt2 <- 2 * wt)
collinear <- glm(am ~ wt + hp + wt2, family = binomial, data = mt)
collinear_ref <- list(terms = names(coef(collinear)), estimate = unname(coef(collinear)),
                      aliased = I(names(coef(collinear))[is.na(coef(collinear))]))

# complete separation: glm's warning and divergent estimate
sep <- data.frame(x = c(1, 2, 3, 4, 5, 6, 7, 8), y = c(0, 0, 0, 0, 1, 1, 1, 1))
sep_warnings <- character()
sep_fit <- withCallingHandlers(glm(y ~ x, family = binomial, data = sep),
  warning = function(w) { sep_warnings <<- c(sep_warnings, conditionMessage(w)); invokeRestart("muffleWarning") })

# validate.cph on lung (used by validate.ts for the Cox hook): apparent indexes are deterministic
lc <- survival::lung[complete.cases(survival::lung[, c("time", "status", "age", "sex", "ph.ecog")]), ]
cfit <- cph(Surv(time, status) ~ age + sex + ph.ecog, data = lc, x = TRUE, y = TRUE)
set.seed(20240501)
cv <- rms::validate(cfit, B = 200)
cox_validate <- list(
  data = list(time = lc$time, status = lc$status - 1, age = lc$age, sex = lc$sex, ph.ecog = lc$ph.ecog),
  index = rownames(cv), index_orig = unname(cv[, "index.orig"]), optimism = unname(cv[, "optimism"]),
  index_corrected = unname(cv[, "index.corrected"]), n = unname(cv[, "n"])
)

ref <- list(
  generated_by = "libs/modelling/reference/logistic/make-reference.R",
  r_version = R.version.string, rms_version = as.character(packageVersion("rms")),
  examples = examples,
  collinear = collinear_ref,
  cox_validate = cox_validate,
  separation = list(x = sep$x, y = sep$y, warnings = I(sep_warnings),
                    estimate = unname(coef(sep_fit)), iterations = sep_fit$iter)
)
writeLines(toJSON(ref, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(out_dir, "reference.json"))
cat("wrote", file.path(out_dir, "reference.json"), "\n")

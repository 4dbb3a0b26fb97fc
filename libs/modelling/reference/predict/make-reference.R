# Reference values for libs/modelling's saved models and predictions (predict.ts; fit.ts's shrink).
# Run from the repository root:  Rscript libs/modelling/reference/predict/make-reference.R
# Writes reference.json beside this script: a synthetic training set and a set of new patients (its own
# seed, never used by any other test), and for each formula R's predictions for the new patients:
# glm: predict(fit, newdata) (link) and type = "response"; coxph: coef, means, predict(fit, newdata,
# type = "lp", reference = "sample"), type = "risk", and summary(survfit(fit, newdata), times)$surv.
# Uniform shrinkage with a given factor s: logistic slopes times s with the intercept re-estimated by
# glm(y ~ offset(s * xb)); Cox coefficients times s with the baseline hazard re-estimated by
# coxph(init = s * b, iter.max = 0).
# Requires: rms (with Hmisc), survival, jsonlite.
suppressMessages({ library(rms); library(survival); library(jsonlite) })
out_dir <- "libs/modelling/reference/predict"

make_data <- function(n, seed) {
  set.seed(seed)
  age <- round(rnorm(n, 55, 14))
  sex <- sample(c("F", "M"), n, replace = TRUE)
  grade <- sample(1:3, n, replace = TRUE, prob = c(0.4, 0.35, 0.25))
  smoke <- sample(0:2, n, replace = TRUE)              # a choice field: 0 never, 1 former, 2 current
  site <- sample(c("Delft", "Almere", "Zwolle"), n, replace = TRUE)
  x <- round(rnorm(n, 1, 2), 3)
  lp <- -1 + 0.0015 * (age - 55)^2 + 0.5 * (sex == "M") + 0.35 * (grade - 1) + 0.25 * x * (sex == "F") + 0.4 * (smoke == 2)
  y <- rbinom(n, 1, plogis(lp))
  haz <- 0.008 * exp(0.025 * (age - 55) + 0.0006 * (age - 55)^2 + 0.4 * (sex == "M") + 0.35 * (grade == 3) + 0.15 * x)
  t_event <- rexp(n, haz)
  t_cens <- runif(n, 30, 250)
  time <- round(pmin(t_event, t_cens), 1)
  status <- as.integer(t_event <= t_cens)
  data.frame(age, sex, grade, smoke, site, x, y, time, status, stringsAsFactors = FALSE)
}

train <- make_data(300, 20261206)
train$age[c(4, 90)] <- NA                           # dropped as incomplete, as in the fit
fresh <- make_data(40, 4242)
fresh$age[c(1, 2)] <- c(18, 97)                     # beyond the outer knots: the spline's linear tails
fresh$x[7] <- NA                                    # a new patient missing a value: no prediction
times <- c(10, 50, 120, 300)                        # 300 lies beyond the last follow-up

smoke_levels <- list(list(value = "0", label = "never"), list(value = "1", label = "former"), list(value = "2", label = "current"))
as_factor_smoke <- function(d) { d$smoke <- factor(d$smoke, levels = 0:2, labels = c("never", "former", "current")); d }
cells <- function(d) lapply(d, function(col) ifelse(is.na(col), NA, as.character(col)))
num <- function(v) { v <- unname(v); v[!is.finite(v)] <- NA; v }

logistic_example <- function(name, formula, shrink, levels = NULL) {
  tr <- if (!is.null(levels)) as_factor_smoke(train) else train
  nd <- if (!is.null(levels)) as_factor_smoke(fresh) else fresh
  g <- glm(as.formula(formula), family = binomial, data = tr)
  lp <- predict(g, newdata = nd, na.action = na.pass)
  risk <- predict(g, newdata = nd, type = "response", na.action = na.pass)
  # Uniform shrinkage: slopes times s, intercept re-estimated with the shrunk predictor as offset.
  X <- model.matrix(g)
  b <- coef(g)
  xb <- drop(X[, -1, drop = FALSE] %*% b[-1]) * shrink
  y <- model.response(model.frame(g))
  a <- coef(glm(y ~ 1 + offset(xb), family = binomial))[[1]]
  # The new patients' shrunk predictor: a + s * (slopes' x), with slopes' x = predict(g, newdata) - b0.
  shrunk_lp <- a + shrink * (lp - b[[1]])
  list(name = name, model = "logistic", formula = formula, levels = levels, n = nobs(g), coef = num(b), coef_names = names(b),
       lp = num(lp), risk = num(risk), shrink = shrink, shrunk_intercept = a, shrunk_lp = num(shrunk_lp),
       shrunk_risk = num(plogis(shrunk_lp)))
}

surv_at <- function(fit, nd) {
  t(sapply(seq_len(nrow(nd)), function(i) {
    row <- nd[i, , drop = FALSE]
    if (!complete.cases(row[, setdiff(all.vars(formula(fit)[[3]]), character(0)), drop = FALSE])) return(rep(NA_real_, length(times)))
    s <- summary(survfit(fit, newdata = row), times = times, extend = TRUE)
    unname(s$surv)
  }))
}

cox_example <- function(name, formula, ties, shrink, levels = NULL) {
  tr <- if (!is.null(levels)) as_factor_smoke(train) else train
  nd <- if (!is.null(levels)) as_factor_smoke(fresh) else fresh
  f <- coxph(as.formula(formula), data = tr, ties = ties)
  lp <- predict(f, newdata = nd, type = "lp", reference = "sample", na.action = na.pass)
  risk <- predict(f, newdata = nd, type = "risk", reference = "sample", na.action = na.pass)
  s <- coxph(as.formula(formula), data = tr, ties = ties, init = coef(f) * shrink, control = coxph.control(iter.max = 0))
  list(name = name, model = "cox", formula = formula, ties = ties, levels = levels, n = f$n, events = f$nevent,
       coef = num(coef(f)), coef_names = names(coef(f)), means = num(f$means),
       lp = num(lp), risk = num(risk), times = times, survival = surv_at(f, nd), last_time = max(tr$time[complete.cases(tr)]),
       shrink = shrink, shrunk_lp = num(predict(s, newdata = nd, type = "lp", reference = "sample", na.action = na.pass)),
       shrunk_survival = surv_at(s, nd))
}

examples <- list(
  logistic_example("logistic-spline", "y ~ rcs(age, 4) + sex + factor(grade) + x:sex", 0.8),
  logistic_example("logistic-choice", "y ~ rcs(age, 3) * sex + smoke + x", 0.9, levels = smoke_levels),
  cox_example("cox-efron", "Surv(time, status) ~ rcs(age, 4) + sex * x + factor(grade)", "efron", 0.85),
  cox_example("cox-breslow-choice", "Surv(time, status) ~ age + sex + smoke + x", "breslow", 0.7, levels = smoke_levels),
  cox_example("cox-strata", "Surv(time, status) ~ rcs(age, 3) + sex + x + strata(site)", "efron", 0.9)
)

writeLines(toJSON(list(
  generated = "Rscript libs/modelling/reference/predict/make-reference.R",
  R = R.version.string, rms = as.character(packageVersion("rms")), survival = as.character(packageVersion("survival")),
  examples = examples, train = cells(train), fresh = cells(fresh), times = times
), auto_unbox = TRUE, digits = NA, null = "null", na = "null", pretty = FALSE), file.path(out_dir, "reference.json"))
cat("wrote", file.path(out_dir, "reference.json"), "\n")

# Reference values for libs/modelling's multiple imputation (mi.ts, mi-fit.ts; checked by mi.spec.ts).
# Run from the repository root:  Rscript libs/modelling/reference/mi/make-reference.R [runs]
# Writes, beside this script:
#   data.csv        a synthetic set (n = 400, seed 20261206) with MAR missingness in age (~25%), bmi (~20%)
#                   and smoke (0/1, ~20%); sex (text), x, y, time and status complete
#   reference.json  for a logistic model y ~ age + bmi + smoke + sex + x and a Cox model
#                   Surv(time, status) ~ age + bmi + smoke + sex + x:
#     - mice_runs: `runs` (default 40) independent runs of mice(method = "pmm", m = 50, maxit = 5,
#       seed = 1000 + r) + with(glm | coxph) + pool(); per coefficient the mean and SD over runs of the
#       pooled estimate and of its pooled SE (sqrt(t)): the Monte Carlo distribution of mice's answer.
#       Cox imputation models use status and the Nelson-Aalen cumulative hazard (mice::nelsonaalen)
#       as predictors, not time (White & Royston 2009).
#     - rubin: one run's per-imputation estimates and variances (m = 5, seed 123) and mice::pool's
#       numbers from them (estimate, ubar, b, t, dfcom, df, riv, lambda, fmi, p.value, conf.low/high),
#       for an exact test of Rubin's rules.
#     - nelson_aalen: mice::nelsonaalen(data, time, status) for every row.
# Requires: mice (3.15), survival, jsonlite.
suppressMessages({ library(mice); library(survival); library(jsonlite) })
out_dir <- "libs/modelling/reference/mi"
args <- commandArgs(trailingOnly = TRUE)
runs <- if (length(args) >= 1) as.integer(args[1]) else 40L

set.seed(20261206)
n <- 400
sex <- sample(c("F", "M"), n, replace = TRUE)
x <- round(rnorm(n), 3)
age <- round(rnorm(n, 60, 10) + 3 * (sex == "M") + 2 * x, 1)
bmi <- round(rnorm(n, 26, 4) + 0.08 * (age - 60) + 0.8 * x, 1)
smoke <- rbinom(n, 1, plogis(-0.8 + 0.5 * (sex == "M") + 0.04 * (bmi - 26)))
lp <- -0.6 + 0.05 * (age - 60) + 0.08 * (bmi - 26) + 0.7 * smoke + 0.4 * (sex == "M") + 0.3 * x
y <- rbinom(n, 1, plogis(lp))
haz <- 0.01 * exp(0.04 * (age - 60) + 0.06 * (bmi - 26) + 0.6 * smoke + 0.3 * (sex == "M") + 0.25 * x)
t_event <- rexp(n, haz)
t_cens <- runif(n, 20, 200)
time <- round(pmin(t_event, t_cens), 1)
status <- as.integer(t_event <= t_cens)
# MAR: missingness depends on observed variables only (x, sex, y, status)
miss_age <- runif(n) < plogis(-1.4 + 0.8 * x + 0.6 * y)
miss_bmi <- runif(n) < plogis(-1.6 + 0.7 * (sex == "M") - 0.5 * x)
miss_smoke <- runif(n) < plogis(-1.5 + 0.5 * status - 0.3 * x)
d <- data.frame(age, bmi, smoke, sex, x, y, time, status, stringsAsFactors = FALSE)
d$age[miss_age] <- NA
d$bmi[miss_bmi] <- NA
d$smoke[miss_smoke] <- NA
write.csv(d, file.path(out_dir, "data.csv"), row.names = FALSE, na = "")

d <- read.csv(file.path(out_dir, "data.csv"), stringsAsFactors = FALSE)
d$sex <- factor(d$sex)
missing <- sapply(d, function(v) sum(is.na(v)))

logistic_data <- d[, c("age", "bmi", "smoke", "sex", "x", "y")]
cox_data <- d[, c("age", "bmi", "smoke", "sex", "x", "time", "status")]
cox_data$H <- nelsonaalen(cox_data, time, status)
cox_pred <- make.predictorMatrix(cox_data)
cox_pred[, "time"] <- 0

fit_logistic <- function(imp) with(imp, glm(y ~ age + bmi + smoke + sex + x, family = binomial))
fit_cox <- function(imp) with(imp, coxph(Surv(time, status) ~ age + bmi + smoke + sex + x))

one_run <- function(kind, seed, m) {
  if (kind == "logistic") {
    imp <- mice(logistic_data, method = "pmm", m = m, maxit = 5, seed = seed, printFlag = FALSE)
    fits <- fit_logistic(imp)
  } else {
    imp <- mice(cox_data, method = "pmm", m = m, maxit = 5, seed = seed, printFlag = FALSE,
                predictorMatrix = cox_pred)
    fits <- fit_cox(imp)
  }
  list(imp = imp, fits = fits, pooled = pool(fits))
}

mc <- function(kind, m) {
  est <- NULL
  se <- NULL
  t0 <- proc.time()[["elapsed"]]
  for (r in seq_len(runs)) {
    p <- one_run(kind, 1000 + r, m)$pooled$pooled
    est <- rbind(est, p$estimate)
    se <- rbind(se, sqrt(p$t))
    terms <- as.character(p$term)
  }
  list(
    terms = terms, runs = runs, m = m, maxit = 5L, seeds = 1000 + seq_len(runs),
    seconds_per_run = (proc.time()[["elapsed"]] - t0) / runs,
    estimate_mean = unname(colMeans(est)), estimate_sd = unname(apply(est, 2, sd)),
    se_mean = unname(colMeans(se)), se_sd = unname(apply(se, 2, sd)),
    estimates = unname(est)
  )
}

rubin_case <- function(kind) {
  r <- one_run(kind, 123, 5)
  fits <- getfit(r$fits)
  Q <- t(sapply(fits, coef))
  U <- t(sapply(fits, function(f) diag(vcov(f))))
  p <- r$pooled$pooled
  s <- summary(r$pooled, conf.int = TRUE)
  list(
    terms = as.character(p$term), m = 5L, estimates = unname(Q), variances = unname(U),
    dfcom = p$dfcom[1], estimate = p$estimate, ubar = p$ubar, b = p$b, t = p$t, df = p$df,
    riv = p$riv, lambda = p$lambda, fmi = p$fmi, p_value = s$p.value,
    conf_low = s[["2.5 %"]], conf_high = s[["97.5 %"]], statistic = s$statistic
  )
}

ref <- list(
  description = "mice 3.15 PMM reference: see make-reference.R",
  r_version = R.version.string, mice_version = as.character(packageVersion("mice")),
  n = nrow(d), missing = as.list(missing),
  nelson_aalen = cox_data$H,
  rubin = list(logistic = rubin_case("logistic"), cox = rubin_case("cox")),
  mice_runs = list(logistic = mc("logistic", 50L), cox = mc("cox", 50L))
)
writeLines(toJSON(ref, digits = I(17), auto_unbox = TRUE, pretty = TRUE), file.path(out_dir, "reference.json"))
cat("wrote", file.path(out_dir, "reference.json"), "\n")

# Timing baseline for the multiple-imputation lines of bench/modelling.bench.ts: the same data, imputed by
# mice (predictive mean matching for every column, m imputations, maxit 5) and fitted by rms with
# fit.mult.impute (Rubin's rules), and prints, one per line,
#   seconds <elapsed>        mice() + fit.mult.impute() (the CSV is read before the clock starts)
#   coef <b1>,<b2>,...       pooled coefficients
#   se <s1>,<s2>,...         pooled standard errors
# Usage: Rscript bench/reference/mi.R <csv> logistic|cox <m>
#   logistic: y ~ x1 + ... (lrm); cox: Surv(time, status) ~ x1 + ... (cph), the imputation models using
#   status and mice::nelsonaalen's cumulative hazard instead of time.
args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 3) stop("usage: Rscript mi.R <csv> logistic|cox <m>")
suppressPackageStartupMessages({ library(mice); library(rms); library(survival) })
d <- read.csv(args[1])
kind <- args[2]
m <- as.integer(args[3])
xs <- grep("^x[0-9]+$", names(d), value = TRUE)
rhs <- paste(xs, collapse = " + ")
t <- system.time({
  if (kind == "logistic") {
    data <- d[, c("y", xs)]
    imp <- mice(data, method = "pmm", m = m, maxit = 5, seed = 1, printFlag = FALSE)
    fit <- fit.mult.impute(as.formula(paste("y ~", rhs)), lrm, imp, data = data, pr = FALSE)
  } else {
    data <- d[, c("time", "status", xs)]
    data$H <- nelsonaalen(data, time, status)
    pred <- make.predictorMatrix(data)
    pred[, "time"] <- 0
    imp <- mice(data, method = "pmm", m = m, maxit = 5, seed = 1, printFlag = FALSE, predictorMatrix = pred)
    fit <- fit.mult.impute(as.formula(paste("Surv(time, status) ~", rhs)), cph, imp, data = data, pr = FALSE)
  }
})[["elapsed"]]
cat("seconds", t, "\n")
cat("coef", paste(format(coef(fit), digits = 15), collapse = ","), "\n")
cat("se", paste(format(sqrt(diag(vcov(fit))), digits = 15), collapse = ","), "\n")

# Timing baseline for bench/modelling.bench.ts: fits the same data with R and prints, one per line,
#   startup <elapsed>        from R's start to just before read.csv (R start-up and library(survival))
#   read <elapsed>           read.csv
#   seconds <elapsed>        time of the fit alone (the CSV is read before the clock starts)
#   coef <b1>,<b2>,...       coefficients, so the bench can check both sides fitted the same model
# Usage: Rscript bench/reference/modelling.R <csv> <task> [B]
#   task coxph         coxph(Surv(time, status) ~ x1 + ... , ties = "efron")
#   task glm           glm(y ~ x1 + ..., family = binomial)
#   task glm-formula   glm(<formula given as the third argument>, family = binomial), rcs() from rms
#   task validate-lrm  rms::validate(lrm(y ~ ..., x = TRUE, y = TRUE), B = B)
#   task validate-cph  rms::validate(cph(Surv(time, status) ~ ..., x = TRUE, y = TRUE, surv = TRUE), B = B)
args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 2) stop("usage: Rscript modelling.R <csv> <task> [B]")
suppressPackageStartupMessages({ library(survival) })
cat("startup", proc.time()[["elapsed"]], "\n")
cat("read", system.time(d <- read.csv(args[1]))[["elapsed"]], "\n")
task <- args[2]
B <- if (length(args) >= 3 && startsWith(args[2], "validate")) as.integer(args[3]) else 200L
xs <- grep("^x[0-9]+$", names(d), value = TRUE)
rhs <- paste(xs, collapse = " + ")
set.seed(1)
if (task == "coxph") {
  f <- as.formula(paste("Surv(time, status) ~", rhs))
  t <- system.time(fit <- coxph(f, data = d, ties = "efron"))[["elapsed"]]
  cat("seconds", t, "\n")
  cat("coef", paste(format(coef(fit), digits = 15), collapse = ","), "\n")
} else if (task == "glm") {
  f <- as.formula(paste("y ~", rhs))
  t <- system.time(fit <- glm(f, data = d, family = binomial))[["elapsed"]]
  cat("seconds", t, "\n")
  cat("coef", paste(format(coef(fit), digits = 15), collapse = ","), "\n")
} else if (task == "glm-formula") {
  # args[3]: the formula, fitted by glm with rms's rcs(); d's text columns stay character (factors in glm)
  suppressPackageStartupMessages(library(rms))
  f <- as.formula(args[3])
  t <- system.time(fit <- glm(f, data = d, family = binomial))[["elapsed"]]
  cat("seconds", t, "\n")
  cat("coef", paste(format(coef(fit), digits = 15), collapse = ","), "\n")
} else if (task == "validate-lrm" || task == "validate-cph") {
  suppressPackageStartupMessages(library(rms))
  if (task == "validate-lrm") {
    fit <- lrm(as.formula(paste("y ~", rhs)), data = d, x = TRUE, y = TRUE)
  } else {
    fit <- cph(as.formula(paste("Surv(time, status) ~", rhs)), data = d, x = TRUE, y = TRUE, surv = TRUE)
  }
  t <- system.time(v <- validate(fit, B = B))[["elapsed"]]
  cat("seconds", t, "\n")
  cat("dxy", v["Dxy", "index.corrected"], "\n")
} else {
  stop(paste("unknown task", task))
}

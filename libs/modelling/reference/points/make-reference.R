# Reference values for libs/modelling/points.ts (the points table of a saved model, rms::nomogram's).
# Run from the repository root:  Rscript libs/modelling/reference/points/make-reference.R
# Writes reference.json beside this script: a synthetic data set (its own seed), and for a logistic
# (lrm) and a Cox (cph) model with a spline, a factor and a linear term: datadist's display limits
# (Low:prediction, High:prediction) of the numeric predictors, the points rms::nomogram gives at chosen
# values of each predictor (maxscale 100), and the linear predictor at chosen totals of points.
# Requires: rms (with Hmisc), survival, jsonlite.
suppressMessages({ library(rms); library(survival); library(jsonlite) })
out_dir <- "libs/modelling/reference/points"

set.seed(20261207)
n <- 260
age <- round(rnorm(n, 55, 14))
sex <- sample(c("F", "M"), n, replace = TRUE)
grade <- sample(1:3, n, replace = TRUE, prob = c(0.4, 0.35, 0.25))
x <- round(rnorm(n, 1, 2), 3)
lp <- -1 + 0.0015 * (age - 55)^2 + 0.5 * (sex == "M") + 0.35 * (grade - 1) + 0.2 * x
y <- rbinom(n, 1, plogis(lp))
haz <- 0.008 * exp(0.025 * (age - 55) + 0.0006 * (age - 55)^2 + 0.4 * (sex == "M") + 0.35 * (grade == 3) + 0.15 * x)
t_event <- rexp(n, haz)
t_cens <- runif(n, 30, 250)
time <- round(pmin(t_event, t_cens), 1)
status <- as.integer(t_event <= t_cens)
d <- data.frame(age, sex, grade = factor(grade), x, y, time, status, stringsAsFactors = FALSE)
dd <- datadist(d)
options(datadist = "dd")

values <- list(age = c(25, 40, 55, 70, 85), x = c(-3, 0, 2.5, 5))
totals <- c(0, 50, 100, 150)

example <- function(name, f, formula) {
  nom <- nomogram(f, age = values$age, x = values$x, maxscale = 100)
  points <- list(age = nom$age$points, x = nom$x$points, sex = nom$sex$points, grade = nom$grade$points)
  # nomogram's total-points axis: lp = a + b * points (a straight line; read off its two ends).
  lp_axis <- nom$lp
  b <- diff(range(lp_axis$x.real)) / diff(range(lp_axis$x))
  a <- lp_axis$x.real[1] - b * lp_axis$x[1]
  # rms centres a Cox linear predictor at the mean of X b over all columns; coxph (and predict.coxph,
  # and libs/modelling) leaves 0/1 columns uncentred. lp_at_totals is on coxph's scale.
  shift <- 0
  if (inherits(f, "cph")) {
    cx <- coxph(Surv(time, status) ~ rcs(age, 4) + sex + grade + x, data = d, control = coxph.control(eps = 1e-10, iter.max = 50))
    shift <- f$center - sum(coef(cx) * cx$means)
  }
  list(name = name, formula = formula, points = points, levels = list(sex = nom$sex$sex, grade = as.character(nom$grade$grade)),
       lp_intercept = a + shift, lp_per_point = b, totals = totals, lp_at_totals = a + shift + b * totals)
}

lims <- dd$limits
ranges <- list(age = c(lims["Low:prediction", "age"], lims["High:prediction", "age"]),
               x = c(lims["Low:prediction", "x"], lims["High:prediction", "x"]))
lr <- lrm(y ~ rcs(age, 4) + sex + grade + x, data = d)
# eps: converge as tightly as coxph.control(eps = 1e-9) (cph stops at 1e-4 by default).
cp <- cph(Surv(time, status) ~ rcs(age, 4) + sex + grade + x, data = d, x = TRUE, y = TRUE, surv = TRUE, eps = 1e-10, tol = 1e-11, iter.max = 50)
csv <- d
csv$grade <- as.character(csv$grade)
write.csv(csv, file.path(out_dir, "data.csv"), row.names = FALSE, quote = FALSE)
ref <- list(values = values, ranges = lapply(ranges, unname),
            examples = list(example("logistic", lr, "y ~ rcs(age, 4) + sex + factor(grade) + x"),
                            example("cox", cp, "Surv(time, status) ~ rcs(age, 4) + sex + factor(grade) + x")))
writeLines(toJSON(ref, auto_unbox = TRUE, digits = I(15), pretty = TRUE), file.path(out_dir, "reference.json"))
cat("wrote", file.path(out_dir, "reference.json"), "\n")

# Reference values for libs/modelling's formula interface (formula.ts, design.ts, spline.ts, anova.ts).
# Run from the repository root:  Rscript libs/modelling/reference/formula/make-reference.R
# Writes reference.json beside this script: synthetic data sets (text and numerically coded factors,
# a coded choice field with labels, missing cells), and for each formula the knots rms::rcs places,
# glm / coxph coefficients and standard errors, and rms::anova (lrm / cph) Wald statistics.
# Requires: rms (with Hmisc), survival, jsonlite.
suppressMessages({ library(rms); library(survival); library(jsonlite) })
out_dir <- "libs/modelling/reference/formula"

make_data <- function(n, seed) {
  set.seed(seed)
  age <- round(rnorm(n, 60, 12))
  bmi <- round(rnorm(n, 26, 4), 1)
  sex <- sample(c("M", "F"), n, replace = TRUE)
  grade <- sample(1:3, n, replace = TRUE, prob = c(0.5, 0.3, 0.2))
  smoke <- sample(0:2, n, replace = TRUE)              # a choice field: 0 never, 1 former, 2 current
  site <- sample(c("UMCU", "HMC", "LUMC"), n, replace = TRUE)
  x <- round(rnorm(n), 3)
  lp <- -0.5 + 0.002 * (age - 60)^2 / 4 + 0.6 * (sex == "M") + 0.4 * (grade - 1) + 0.5 * x * (sex == "F") +
    0.3 * (smoke == 2) - 0.05 * (bmi - 26)
  y <- rbinom(n, 1, plogis(lp))
  haz <- 0.01 * exp(0.03 * (age - 60) + 0.0008 * (age - 60)^2 + 0.5 * (sex == "M") + 0.3 * (grade == 3) + 0.4 * x * (sex == "M"))
  t_event <- rexp(n, haz)
  t_cens <- runif(n, 20, 200)
  time <- round(pmin(t_event, t_cens), 1)
  status <- as.integer(t_event <= t_cens)
  d <- data.frame(age, bmi, sex, grade, smoke, site, x, y, time, status, stringsAsFactors = FALSE)
  # Missing cells: dropped as complete cases.
  d$age[c(3, 17, 40)] <- NA
  d$sex[c(5, 60)] <- NA
  d
}

smoke_levels <- list(list(value = "0", label = "never"), list(value = "1", label = "former"), list(value = "2", label = "current"))
as_factor_smoke <- function(d) { d$smoke <- factor(d$smoke, levels = 0:2, labels = c("never", "former", "current")); d }

cells <- function(d) lapply(d, function(col) ifelse(is.na(col), NA, as.character(col)))

anova_rows <- function(a) {
  rn <- rownames(a)
  out <- list(); current <- ""
  for (i in seq_along(rn)) {
    name <- rn[i]
    if (!startsWith(name, " ")) {
      current <- trimws(sub("\\(Factor\\+Higher Order Factors\\)", "", name))
      term <- current
    } else if (trimws(name) == "All Interactions") {
      term <- paste(current, "all interactions")
    } else if (startsWith(trimws(name), "Nonlinear") && !grepl("Interaction", name)) {
      term <- paste(current, "nonlinear")
    } else next
    out[[length(out) + 1]] <- list(term = term, rms_row = name, chisq = unname(a[i, "Chi-Square"]), df = unname(a[i, "d.f."]),
                                   p = unname(a[i, "P"]))
  }
  out
}

logistic_example <- function(name, d, formula, names, levels = NULL, rms_formula = NULL) {
  used <- if (!is.null(levels)) as_factor_smoke(d) else d
  g <- glm(as.formula(formula), family = binomial, data = used)
  s <- summary(g)$coefficients
  ex <- list(name = name, model = "logistic", formula = formula, data = cells(d), levels = levels,
             n = nobs(g), terms = names, glm_names = rownames(s),
             estimate = unname(s[, 1]), se = unname(s[, 2]), logLik = as.numeric(logLik(g)))
  if (!is.null(rms_formula)) {
    used$grade <- factor(used$grade)  # rms refuses factor() inside a formula: the column is made a factor
    dd <- datadist(used); options(datadist = dd)
    l <- lrm(as.formula(rms_formula), data = used)
    ex$lrm_coef <- unname(coef(l))
    ex$anova <- anova_rows(anova(l))
  }
  ex
}

cox_example <- function(name, d, formula, names, ties, levels = NULL, rms_formula = NULL) {
  used <- if (!is.null(levels)) as_factor_smoke(d) else d
  f <- coxph(as.formula(formula), data = used, ties = ties)
  s <- summary(f)$coefficients
  ex <- list(name = name, model = "cox", formula = formula, data = cells(d), levels = levels, ties = ties,
             n = f$n, events = f$nevent, terms = names, coxph_names = rownames(s),
             estimate = unname(s[, 1]), se = unname(s[, 3]), logLik = as.numeric(logLik(f)))
  if (!is.null(rms_formula)) {
    used$grade <- factor(used$grade)
    dd <- datadist(used); options(datadist = dd)
    # cph stops at eps = 1e-4 by default; coxph (and cox.ts) iterate to 1e-9. Same convergence here,
    # so that the Wald statistics compare the same estimates.
    cp <- cph(as.formula(rms_formula), data = used, method = ties, eps = 1e-9, tol = .Machine$double.eps^0.75)
    ex$cph_coef <- unname(coef(cp))
    ex$anova <- anova_rows(anova(cp))
  }
  ex
}

knots_of <- function(x, k) attr(rcs(x[!is.na(x)], k), "parms")

big <- make_data(400, 20261205)
small <- make_data(80, 7)

examples <- list(
  logistic_example("brief", big, "y ~ rcs(age, 4) + sex + factor(grade) + x:sex",
                   c("(Intercept)", "age", "age'", "age''", "sexM", "factor(grade)2", "factor(grade)3", "sexF:x", "sexM:x")),
  logistic_example("spline-by-sex", big, "y ~ rcs(age, 4) * sex + factor(grade) + smoke + bmi",
                   c("(Intercept)", "age", "age'", "age''", "sexM", "factor(grade)2", "factor(grade)3", "smokeformer", "smokecurrent",
                     "bmi", "age:sexM", "age':sexM", "age'':sexM"),
                   levels = smoke_levels, rms_formula = "y ~ rcs(age, 4) * sex + grade + smoke + bmi"),
  logistic_example("small-knots", small, "y ~ rcs(bmi, 3) + age * x + site",
                   c("(Intercept)", "bmi", "bmi'", "age", "x", "siteLUMC", "siteUMCU", "age:x"),
                   rms_formula = "y ~ rcs(bmi, 3) + age * x + site"),
  logistic_example("five-knots", big, "y ~ rcs(age, 5) + rcs(bmi, 3) + sex",
                   c("(Intercept)", "age", "age'", "age''", "age'''", "bmi", "bmi'", "sexM"),
                   rms_formula = "y ~ rcs(age, 5) + rcs(bmi, 3) + sex"),
  cox_example("cox-strata", big, "Surv(time, status) ~ rcs(age, 4) + sex * x + factor(grade) + strata(site)",
              c("age", "age'", "age''", "sexM", "x", "factor(grade)2", "factor(grade)3", "sexM:x"), "efron",
              rms_formula = "Surv(time, status) ~ rcs(age, 4) + sex * x + grade + strat(site)"),
  cox_example("cox-breslow", big, "Surv(time, status) ~ rcs(age, 5) + sex + smoke",
              c("age", "age'", "age''", "age'''", "sexM", "smokeformer", "smokecurrent"), "breslow", levels = smoke_levels,
              rms_formula = "Surv(time, status) ~ rcs(age, 5) + sex + smoke")
)

knots <- list(
  list(data = "big", column = "age", k = 3, knots = knots_of(big$age, 3)),
  list(data = "big", column = "age", k = 4, knots = knots_of(big$age, 4)),
  list(data = "big", column = "age", k = 5, knots = knots_of(big$age, 5)),
  list(data = "big", column = "bmi", k = 6, knots = knots_of(big$bmi, 6)),
  list(data = "big", column = "bmi", k = 7, knots = knots_of(big$bmi, 7)),
  list(data = "small", column = "bmi", k = 4, knots = knots_of(small$bmi, 4)),
  list(data = "small", column = "age", k = 5, knots = knots_of(small$age, 5)),
  list(data = "tied", column = "z", k = 4, values = c(rep(0, 40), 1:60, rep(70, 30)),
       knots = knots_of(c(rep(0, 40), 1:60, rep(70, 30)), 4))
)
basis_x <- c(-1, 0, 10, 35.5, 60, 61.3, 75, 200)
basis <- list(knots = c(40, 52, 61, 70, 82), x = basis_x,
              values = unname(Hmisc::rcspline.eval(basis_x, knots = c(40, 52, 61, 70, 82), inclx = FALSE)))

writeLines(toJSON(list(
  generated = "Rscript libs/modelling/reference/formula/make-reference.R",
  R = R.version.string, rms = as.character(packageVersion("rms")), survival = as.character(packageVersion("survival")),
  examples = examples, knots = knots, basis = basis,
  data = list(big = cells(big), small = cells(small))
), auto_unbox = TRUE, digits = NA, null = "null", na = "null", pretty = FALSE), file.path(out_dir, "reference.json"))
cat("wrote", file.path(out_dir, "reference.json"), "\n")

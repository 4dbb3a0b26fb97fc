# Reference values for libs/modelling's calibration, time-dependent and decision-curve measures
# (calibration.ts, time-dependent.ts, decision-curve.ts).
# Run from the repository root:  Rscript libs/modelling/reference/calibration/make-reference.R
# Writes reference.json beside this script, data included.
#
# What comes from packages, what from R code written here:
#   - rms::val.prob (apparent and external): Intercept, Slope, Emax, E90, Eavg, Brier, S:z, S:p;
#     CITL from glm(y ~ offset(logit), binomial); C and Dxy from Hmisc::somers2 (val.prob's own
#     "C (ROC)" comes from lrm.fit, which counts pairs on probabilities binned to 0.002, so it is
#     off by ~1e-4; it is written as c_valprob for the record).
#   - rms::calibrate(lrm, method = "boot", B) and rms::calibrate(cph, cmethod = "KM", u, m, B): the
#     whole output, and the bootstrap samples R drew (set.seed(s) then sample(n, replace = TRUE) B
#     times is exactly the sequence predab.resample draws: nothing else in calibrate uses the RNG),
#     so the TypeScript can be run on R's own resamples. Also calibrate with seeds 1..K, to give the
#     Monte Carlo spread of the corrected curve for a check with the TypeScript generator.
#   - time-dependent AUC (cumulative cases / dynamic controls, IPCW with the Kaplan-Meier of the
#     censoring times, as timeROC's weighting = "marginal"; timeROC is not installed, so written
#     here), the IPCW Brier score at t (Graf et al. 1999; as pec / riskRegression) with the
#     Kaplan-Meier null model, and net benefit (logistic; survival at a horizon with Kaplan-Meier
#     among those above the threshold, as dcurves / stdca) are written here from their definitions.
suppressMessages({ library(rms); library(survival); library(jsonlite) })
out_dir <- "libs/modelling/reference/calibration"

# ------------------------------------------------------------------ data
make_logistic <- function(n, seed, shift = 0) {
  set.seed(seed)
  x1 <- round(rnorm(n, shift, 1), 3)
  x2 <- round(rnorm(n, 0, 1.2), 3)
  x3 <- rbinom(n, 1, 0.4)
  lp <- -0.9 + 0.9 * x1 + 0.35 * x2^2 - 0.3 * x2 + 0.6 * x3
  y <- rbinom(n, 1, plogis(lp))
  data.frame(x1, x2, x3, y)
}
dev <- make_logistic(300, 4101)
val <- make_logistic(250, 4102, shift = 0.4)

make_cox <- function(n, seed) {
  set.seed(seed)
  x1 <- round(rnorm(n), 3)
  x2 <- round(runif(n, 20, 80))
  x3 <- rbinom(n, 1, 0.5)
  haz <- 0.01 * exp(0.6 * x1 + 0.0004 * (x2 - 50)^2 + 0.5 * x3)
  te <- rexp(n, haz)
  tc <- runif(n, 20, 200)
  time <- round(pmin(te, tc), 0)
  time[time == 0] <- 1
  status <- as.integer(te <= tc)
  data.frame(x1, x2, x3, time, status)
}
sdat <- make_cox(400, 4103)

# ------------------------------------------------------------------ helpers written here
quant7 <- function(x, p) unname(quantile(x, p, type = 7))

# Kaplan-Meier of the censoring distribution: G(t) and G(t-)
censoring_km <- function(time, status) survfit(Surv(time, 1 - status) ~ 1)
G_at <- function(fit, t) { s <- summary(fit, times = t, extend = TRUE)$surv; s }
G_before <- function(fit, t) {
  # value just before t: the curve at the last step strictly before t
  sapply(t, function(u) { k <- which(fit$time < u); if (length(k)) fit$surv[max(k)] else 1 })
}

auc_ipcw <- function(time, status, marker, t) {
  G <- censoring_km(time, status)
  case <- time <= t & status == 1
  ctrl <- time > t
  wcase <- ifelse(case, 1 / G_before(G, time), 0)
  wctrl <- ifelse(ctrl, 1 / G_at(G, t), 0)
  num <- 0
  for (i in which(case)) num <- num + wcase[i] * sum(wctrl[ctrl] * ((marker[i] > marker[ctrl]) + 0.5 * (marker[i] == marker[ctrl])))
  num / (sum(wcase) * sum(wctrl))
}

brier_ipcw <- function(time, status, surv_t, t) {
  G <- censoring_km(time, status)
  case <- time <= t & status == 1
  ctrl <- time > t
  w <- numeric(length(time))
  w[case] <- 1 / G_before(G, time[case])
  w[ctrl] <- 1 / G_at(G, t)
  sum(w * ifelse(case, surv_t^2, ifelse(ctrl, (1 - surv_t)^2, 0))) / length(time)
}

net_benefit_binary <- function(p, y, thresholds) {
  n <- length(y); prev <- mean(y)
  do.call(rbind, lapply(thresholds, function(pt) {
    odds <- pt / (1 - pt)
    treat <- p >= pt
    data.frame(threshold = pt,
               model = sum(treat & y == 1) / n - sum(treat & y == 0) / n * odds,
               all = prev - (1 - prev) * odds, none = 0)
  }))
}

km_risk <- function(time, status, t) 1 - summary(survfit(Surv(time, status) ~ 1), times = t, extend = TRUE)$surv

net_benefit_survival <- function(risk, time, status, t, thresholds) {
  n <- length(time)
  all_risk <- km_risk(time, status, t)
  do.call(rbind, lapply(thresholds, function(pt) {
    odds <- pt / (1 - pt)
    treat <- risk >= pt
    rho <- mean(treat)
    nb <- if (rho == 0) 0 else {
      r <- km_risk(time[treat], status[treat], t)
      rho * r - rho * (1 - r) * odds
    }
    data.frame(threshold = pt, model = nb, all = all_risk - (1 - all_risk) * odds, none = 0)
  }))
}

# R's own bootstrap draws inside predab.resample
r_samples <- function(seed, n, B) { set.seed(seed); lapply(seq_len(B), function(i) sample(n, replace = TRUE) - 1L) }

valprob <- function(p, y) {
  v <- val.prob(p, y, pl = FALSE)
  logit <- qlogis(p)
  citl <- unname(coef(glm(y ~ 1 + offset(logit), family = binomial, control = glm.control(epsilon = 1e-14, maxit = 100)))[1])
  list(citl = citl, intercept = unname(v["Intercept"]), slope = unname(v["Slope"]),
       emax = unname(v["Emax"]), e90 = unname(v["E90"]), eavg = unname(v["Eavg"]),
       brier = unname(v["Brier"]), c_valprob = unname(v["C (ROC)"]), c = unname(somers2(p, y)["C"]),
       dxy = unname(somers2(p, y)["Dxy"]),
       spiegelhalter_z = unname(v["S:z"]), spiegelhalter_p = unname(v["S:p"]))
}

# ------------------------------------------------------------------ logistic
thresholds <- c(0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6)
g <- glm(y ~ x1 + x2 + x3, family = binomial, data = dev, control = glm.control(epsilon = 1e-14, maxit = 100))
p_dev <- unname(fitted(g))
p_val <- unname(predict(g, newdata = val, type = "response"))
l <- lrm(y ~ x1 + x2 + x3, data = dev, x = TRUE, y = TRUE)

B <- 40; seed <- 2026
set.seed(seed)
cal <- calibrate(l, B = B)
lcal <- list(
  B = B, seed = seed, samples = r_samples(seed, nrow(dev), B),
  predy = unname(cal[, "predy"]), calibrated_orig = unname(cal[, "calibrated.orig"]),
  calibrated_corrected = unname(cal[, "calibrated.corrected"]), training = unname(cal[, "training"]),
  test = unname(cal[, "test"]), optimism = unname(cal[, "optimism"]), n = unname(cal[, "n"])
)
# Monte Carlo spread of the corrected curve over seeds (for the check with the TypeScript generator)
K <- 20
mc <- sapply(seq_len(K), function(s) { set.seed(1000 + s); calibrate(l, B = B)[, "calibrated.corrected"] })
lcal$mc <- list(K = K, mean = unname(rowMeans(mc, na.rm = TRUE)), sd = unname(apply(mc, 1, sd, na.rm = TRUE)))

logistic <- list(
  dev = lapply(as.list(dev), as.numeric), val = lapply(as.list(val), as.numeric),
  p_dev = p_dev, p_val = p_val,
  valprob_dev = valprob(p_dev, dev$y), valprob_val = valprob(p_val, val$y),
  calibrate = lcal,
  thresholds = thresholds,
  dca_dev = as.list(net_benefit_binary(p_dev, dev$y, thresholds)),
  dca_val = as.list(net_benefit_binary(p_val, val$y, thresholds))
)

# ------------------------------------------------------------------ Cox
u <- 90
cfit <- coxph(Surv(time, status) ~ x1 + x2 + x3, data = sdat, control = coxph.control(eps = 1e-12, iter.max = 50))
s_u <- summary(survfit(cfit, newdata = sdat), times = u)$surv
s_u <- as.numeric(s_u)
risk_u <- 1 - s_u
cp <- cph(Surv(time, status) ~ x1 + x2 + x3, data = sdat, x = TRUE, y = TRUE, surv = TRUE, time.inc = u, eps = 1e-12, iter.max = 50)
m <- 80; Bc <- 40; seedc <- 2027
set.seed(seedc)
ccal <- suppressWarnings(calibrate(cp, cmethod = "KM", u = u, m = m, B = Bc))
kcal <- list(
  u = u, m = m, B = Bc, seed = seedc, samples = r_samples(seedc, nrow(sdat), Bc),
  predicted = as.numeric(attr(ccal, "predicted")),
  index_orig = unname(ccal[, "index.orig"]), training = unname(ccal[, "training"]), test = unname(ccal[, "test"]),
  optimism = unname(ccal[, "mean.optimism"]), corrected = unname(ccal[, "mean.corrected"]), n = unname(ccal[, "n"]),
  mean_predicted = unname(ccal[, "mean.predicted"]), KM = unname(ccal[, "KM"]),
  KM_corrected = unname(ccal[, "KM.corrected"]), std_err = unname(ccal[, "std.err"])
)
mcc <- sapply(seq_len(K), function(s) { set.seed(2000 + s); suppressWarnings(calibrate(cp, cmethod = "KM", u = u, m = m, B = Bc))[, "KM.corrected"] })
kcal$mc <- list(K = K, mean = unname(rowMeans(mcc, na.rm = TRUE)), sd = unname(apply(mcc, 1, sd, na.rm = TRUE)))

# stratified: the same data with a two-level site, baseline hazards by site (cph's strat())
set.seed(4104)
sdat$site <- sample(c("A", "B"), nrow(sdat), replace = TRUE, prob = c(0.6, 0.4))
cps <- cph(Surv(time, status) ~ x1 + x2 + x3 + strat(site), data = sdat, x = TRUE, y = TRUE, surv = TRUE, time.inc = u,
           eps = 1e-12, iter.max = 50)
seeds <- 2028
set.seed(seeds)
scal <- suppressWarnings(calibrate(cps, cmethod = "KM", u = u, m = m, B = Bc))
kcal_strata <- list(
  u = u, m = m, B = Bc, seed = seeds, samples = r_samples(seeds, nrow(sdat), Bc), site = sdat$site,
  index_orig = unname(scal[, "index.orig"]), optimism = unname(scal[, "mean.optimism"]), n = unname(scal[, "n"]),
  mean_predicted = unname(scal[, "mean.predicted"]), KM = unname(scal[, "KM"]),
  KM_corrected = unname(scal[, "KM.corrected"]), std_err = unname(scal[, "std.err"])
)

horizons <- c(30, 60, 90, 150)
cox <- list(
  data = lapply(as.list(sdat[, c("x1", "x2", "x3", "time", "status")]), as.numeric),
  coefficients = unname(coef(cfit)),
  horizon = u, surv_u = s_u,
  horizons = horizons,
  surv_h = lapply(horizons, function(h) as.numeric(summary(survfit(cfit, newdata = sdat), times = h)$surv)),
  auc = sapply(horizons, function(h) auc_ipcw(sdat$time, sdat$status, 1 - as.numeric(summary(survfit(cfit, newdata = sdat), times = h)$surv), h)),
  auc_lp = sapply(horizons, function(h) auc_ipcw(sdat$time, sdat$status, round(predict(cfit), 1), h)),
  lp_rounded = round(unname(predict(cfit)), 1),
  brier = sapply(horizons, function(h) brier_ipcw(sdat$time, sdat$status, as.numeric(summary(survfit(cfit, newdata = sdat), times = h)$surv), h)),
  brier_null = sapply(horizons, function(h) {
    s0 <- 1 - km_risk(sdat$time, sdat$status, h)
    brier_ipcw(sdat$time, sdat$status, rep(s0, nrow(sdat)), h)
  }),
  calibrate = kcal,
  calibrate_strata = kcal_strata,
  thresholds = thresholds,
  dca = as.list(net_benefit_survival(risk_u, sdat$time, sdat$status, u, thresholds))
)

writeLines(toJSON(list(
  r = R.version.string, rms = as.character(packageVersion("rms")), survival = as.character(packageVersion("survival")),
  logistic = logistic, cox = cox
), auto_unbox = TRUE, digits = NA, na = "null"), file.path(out_dir, "reference.json"))
cat("written", file.path(out_dir, "reference.json"), "\n")

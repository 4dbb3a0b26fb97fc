# Reference values for libs/modelling's Kaplan-Meier (km.ts): survfit's three interval types, medians
# with their limits (quantile.survfit), and summary(fit, times, extend = TRUE) at given times.
# Run from the repository root:  Rscript libs/modelling/reference/km/make-reference.R
# Writes reference.json beside this script. Data: synthetic, with their own seeds (tied times, censoring
# at the last time, a curve that never reaches 0.5, one that reaches 0), used by no other test.
# Requires: survival, jsonlite.
suppressMessages({ library(survival); library(jsonlite) })
out_dir <- "libs/modelling/reference/km"

make <- function(n, seed, rate, cens) {
  set.seed(seed)
  t_event <- rexp(n, rate)
  t_cens <- runif(n, 0, cens)
  list(time = round(pmin(t_event, t_cens)), event = as.integer(t_event <= t_cens))
}
sets <- list(
  tied = make(120, 611, 0.02, 150),             # rounded: many tied times
  heavy = make(60, 612, 0.004, 120),            # heavy censoring: the median is not reached
  small = list(time = c(2, 3, 3, 5, 7, 7, 7, 9, 12, 12), event = c(1, 1, 0, 1, 1, 1, 0, 1, 1, 1)),   # reaches 0
  flat = list(time = c(1, 2, 3, 4, 5, 6, 7, 8), event = c(1, 0, 1, 1, 0, 1, 0, 0))              # sits at 0.5
)
times <- list(tied = c(0, 10, 25.5, 50, 100, 400), heavy = c(5, 30, 60, 119, 500), small = c(1, 3, 8, 12, 20),
              flat = c(0.5, 3, 6, 8, 9))

na <- function(v) { v <- unname(v); v[!is.finite(v)] <- NA; v }
examples <- list()
for (name in names(sets)) {
  d <- sets[[name]]
  for (ct in c("log", "log-log", "plain")) {
    f <- survfit(Surv(d$time, d$event) ~ 1, conf.type = ct)
    q <- quantile(f, 0.5)
    s <- summary(f, times = times[[name]], extend = TRUE)
    examples[[length(examples) + 1]] <- list(
      name = name, confType = ct, time = d$time, event = d$event,
      steps = list(time = f$time, nRisk = f$n.risk, nEvent = f$n.event, nCensor = f$n.censor, survival = f$surv,
                   stdErr = na(f$std.err), lower = na(f$lower), upper = na(f$upper)),
      median = list(estimate = na(q$quantile), lower = na(q$lower), upper = na(q$upper)),
      at = list(time = s$time, nRisk = s$n.risk, survival = s$surv, lower = na(s$lower), upper = na(s$upper))
    )
  }
}
writeLines(toJSON(list(generated = "Rscript libs/modelling/reference/km/make-reference.R", R = R.version.string,
                       survival = as.character(packageVersion("survival")), examples = examples),
                  auto_unbox = TRUE, digits = NA, null = "null", na = "null", pretty = FALSE), file.path(out_dir, "reference.json"))
cat("wrote", file.path(out_dir, "reference.json"), "\n")

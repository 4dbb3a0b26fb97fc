# Reference values for libs/modelling's Firth logistic regression (firth.ts): estimates (brglm2's
# brglmFit, type "AS_mean", which is Firth's penalty for the logit link), and logistf's defaults written
# out here because logistf is not packaged for this R: profile penalised-likelihood 95% intervals and
# penalised likelihood-ratio p-values, with the penalised log-likelihood
#   l*(b) = sum(y log p + (1 - y) log(1 - p)) + 0.5 log det(X' W X),
# maximised with one coefficient held fixed (the penalty from the full design, as logistf does), and
# the limits found by uniroot to 1e-12. FLIC: the intercept re-estimated by glm with the Firth linear
# predictor (slopes only) as offset.
# Run from the repository root:  Rscript libs/modelling/reference/firth/make-reference.R
# Data: synthetic with their own seeds (a complete separation, a quasi-complete one, rare events).
# Requires: brglm2, jsonlite.
suppressMessages({ library(brglm2); library(jsonlite) })
out_dir <- "libs/modelling/reference/firth"

pen_loglik <- function(b, X, y) {
  eta <- drop(X %*% b)
  p <- plogis(eta)
  w <- p * (1 - p)
  sum(ifelse(y == 1, plogis(eta, log.p = TRUE), plogis(-eta, log.p = TRUE))) +
    0.5 * as.numeric(determinant(crossprod(X * sqrt(w)), logarithm = TRUE)$modulus)
}

# Newton-Raphson on the modified score over the free coefficients (logistf.fit's algorithm).
firth_fit <- function(X, y, start, fixed = integer(0), tol = 1e-12, maxit = 200) {
  b <- start
  free <- setdiff(seq_len(ncol(X)), fixed)
  for (it in seq_len(maxit)) {
    p <- plogis(drop(X %*% b))
    w <- p * (1 - p)
    fisher <- crossprod(X * sqrt(w))
    covs <- solve(fisher)
    h <- rowSums((X %*% covs) * X) * w
    u <- drop(crossprod(X, y - p + h * (0.5 - p)))
    delta <- rep(0, ncol(X))
    delta[free] <- solve(fisher[free, free, drop = FALSE], u[free])
    mx <- max(abs(delta)); if (mx > 5) delta <- delta * 5 / mx
    l0 <- pen_loglik(b, X, y)
    for (half in 0:30) { if (pen_loglik(b + delta, X, y) >= l0 - 1e-12) break; delta <- delta / 2 }
    b <- b + delta
    if (max(abs(delta)) < tol) break
  }
  b
}

example <- function(name, d, formula) {
  X <- model.matrix(as.formula(formula), d)
  y <- d$y
  g <- glm(as.formula(formula), family = binomial, data = d, method = "brglmFit", type = "AS_mean",
           control = list(epsilon = 1e-12, maxit = 200))
  b <- coef(g)
  own <- firth_fit(X, y, rep(0, ncol(X)))
  top <- pen_loglik(b, X, y)
  q <- qchisq(0.95, 1)
  prof <- function(j, v) { s <- b; s[j] <- v; pen_loglik(firth_fit(X, y, s, fixed = j), X, y) }
  se <- sqrt(diag(solve(crossprod(X * sqrt(fitted(g) * (1 - fitted(g)))))))
  rows <- lapply(seq_along(b), function(j) {
    f <- function(v) 2 * (top - prof(j, v)) - q
    # Bracket in half standard errors (far-out values make the weights underflow), then uniroot.
    lo <- b[j] - se[j] / 2; while (f(lo) < 0) lo <- lo - se[j] / 2
    hi <- b[j] + se[j] / 2; while (f(hi) < 0) hi <- hi + se[j] / 2
    lower <- uniroot(f, c(lo, lo + se[j] / 2), tol = 1e-12)$root
    upper <- uniroot(f, c(hi - se[j] / 2, hi), tol = 1e-12)$root
    chisq <- 2 * (top - prof(j, 0))
    list(term = colnames(X)[j], estimate = unname(b[j]), se = unname(se[j]), lower = lower, upper = upper,
         chisq = chisq, p = pchisq(chisq, 1, lower.tail = FALSE))
  })
  eta <- drop(X[, -1, drop = FALSE] %*% b[-1])
  flic <- coef(glm(y ~ 1 + offset(eta), family = binomial))[[1]]
  list(name = name, formula = formula, data = lapply(d, as.character), n = nrow(d), events = sum(y),
       own_vs_brglm2 = max(abs(own - b)), penalised_loglik = top, coefficients = rows, flic_intercept = flic)
}

set.seed(31)
n <- 40
x <- round(rnorm(n), 3); z <- round(runif(n, 0, 10), 2)
separated <- data.frame(x, z, y = as.integer(x > 0.1))                      # complete separation on x
set.seed(32)
a <- sample(0:1, 60, replace = TRUE); w <- round(rnorm(60, 50, 10))
y <- ifelse(a == 1, 1L, rbinom(60, 1, plogis(-3 + 0.04 * (w - 50))))        # quasi-complete: a = 1 always events
quasi <- data.frame(a, w, y)
set.seed(33)
m <- 150
u <- round(rnorm(m), 3); v <- sample(c("lo", "hi"), m, replace = TRUE)
rare <- data.frame(u, v, y = rbinom(m, 1, plogis(-3.5 + 0.8 * u + 0.7 * (v == "hi"))))

examples <- list(
  example("separated", separated, "y ~ x + z"),
  example("quasi", quasi, "y ~ a + w"),
  example("rare", rare, "y ~ u + v")
)
writeLines(toJSON(list(generated = "Rscript libs/modelling/reference/firth/make-reference.R", R = R.version.string,
                       brglm2 = as.character(packageVersion("brglm2")), examples = examples),
                  auto_unbox = TRUE, digits = NA, pretty = FALSE), file.path(out_dir, "reference.json"))
cat("wrote", file.path(out_dir, "reference.json"), "\n")

# Reference numbers for libs/agreement/kappa.ts: Cohen's kappa, linear ("Equal-Spacing") and
# quadratic ("Fleiss-Cohen") weighted kappa with the asymptotic standard error (ASE) of Fleiss,
# Cohen & Everitt (1969) and the 95% interval value ± qnorm(0.975) · ASE, as vcd::Kappa and
# confint.Kappa compute them. Every category of the scale is a row and a column (table() over a
# factor with all levels), also when no reader used it.
#
#   Rscript libs/agreement/reference/kappa.R > libs/agreement/reference/kappa-reference.csv
#
# When vcd is installed the script also calls vcd::Kappa and stops if the two disagree; without it,
# `kappa_vcd` below is vcd 1.4's Kappa body (R/Kappa.R), unchanged.

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
tabs <- read.csv(file.path(here, "tables.csv"))

kappa_vcd <- function(x, weights = c("Equal-Spacing", "Fleiss-Cohen")) {
  weights <- match.arg(weights)
  d <- diag(x)
  n <- sum(x)
  nc <- ncol(x)
  colFreqs <- colSums(x) / n
  rowFreqs <- rowSums(x) / n
  kappa <- function(po, pc) (po - pc) / (1 - pc)
  std <- function(p, pc, kw, W = diag(1, ncol = nc, nrow = nc)) {
    sqrt((sum(p * sweep(sweep(W, 1, W %*% colSums(p) * (1 - kw)), 2, W %*% rowSums(p) * (1 - kw))^2) -
      (kw - pc * (1 - kw))^2) / crossprod(1 - pc) / n)
  }
  po <- sum(d) / n
  pc <- crossprod(colFreqs, rowFreqs)[1]
  k <- kappa(po, pc)
  s <- std(x / n, pc, k)
  W <- if (weights == "Equal-Spacing") 1 - abs(outer(1:nc, 1:nc, "-")) / (nc - 1) else 1 - (abs(outer(1:nc, 1:nc, "-")) / (nc - 1))^2
  pow <- sum(W * x) / n
  pcw <- sum(W * colFreqs %o% rowFreqs)
  kw <- kappa(pow, pcw)
  sw <- std(x / n, pcw, kw, W)
  list(Unweighted = c(value = k, ASE = s), Weighted = c(value = kw, ASE = sw))
}

have_vcd <- requireNamespace("vcd", quietly = TRUE)
q <- qnorm(0.975)
out <- NULL
for (name in unique(tabs$table)) {
  t <- tabs[tabs$table == name, ]
  lv <- sort(unique(c(t$first, t$second)))
  x <- matrix(0, length(lv), length(lv))
  for (i in seq_len(nrow(t))) x[match(t$first[i], lv), match(t$second[i], lv)] <- t$count[i]
  lin <- kappa_vcd(x, "Equal-Spacing")
  quad <- kappa_vcd(x, "Fleiss-Cohen")
  if (have_vcd) {
    v <- vcd::Kappa(x, "Equal-Spacing")
    vq <- vcd::Kappa(x, "Fleiss-Cohen")
    stopifnot(isTRUE(all.equal(unname(v$Unweighted), unname(lin$Unweighted))),
              isTRUE(all.equal(unname(v$Weighted), unname(lin$Weighted))),
              isTRUE(all.equal(unname(vq$Weighted), unname(quad$Weighted))))
  }
  row <- function(weights, est) data.frame(table = name, weights = weights, n = sum(x),
    value = est[["value"]], ase = est[["ASE"]], lower = est[["value"]] - q * est[["ASE"]], upper = est[["value"]] + q * est[["ASE"]])
  out <- rbind(out, row("none", lin$Unweighted), row("linear", lin$Weighted), row("quadratic", quad$Weighted))
}
cat(sprintf("# %s; vcd %s\n", R.version.string, if (have_vcd) as.character(packageVersion("vcd")) else "not installed (vcd's Kappa body above)"))
write.csv(out, stdout(), row.names = FALSE, quote = FALSE)

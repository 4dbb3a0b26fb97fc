# Reference for mi.ts's poolChiSquare (D2): mitml's D2 (the one behind mice::D2) on given chi-squares.
# Run from the repository root:  Rscript libs/modelling/reference/mi/make-d2.R   (writes d2.json beside it)
# Requires: mitml, jsonlite.
suppressMessages({ library(jsonlite) })
cases <- list(
  list(d = c(12.3, 15.1, 9.8, 13.4, 11.0), k = 3),
  list(d = c(58.2, 61.7, 49.9, 66.0, 55.5, 60.1, 52.3, 57.8, 63.2, 54.4), k = 5),
  list(d = c(2.1, 0.4, 3.3), k = 1),
  list(d = c(25.0, 31.0, 18.0, 40.0), k = 8)
)
out <- lapply(cases, function(cs) {
  r <- mitml:::.D2(cs$d, cs$k)
  list(d = cs$d, k = cs$k, F = r$F, v = r$v, p = pf(r$F, r$k, r$v, lower.tail = FALSE))
})
writeLines(toJSON(out, digits = I(17), auto_unbox = TRUE, pretty = TRUE), "libs/modelling/reference/mi/d2.json")

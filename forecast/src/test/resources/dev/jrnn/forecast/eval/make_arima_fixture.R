#!/usr/bin/env Rscript
# Writes arima-fixture.csv: R's arima fits (method = "CSS", and for the cases ending in _ml the
# default "CSS-ML") and forecasts, and ndiffs / nsdiffs,
# with the series they were computed on, that ArimaTest compares jrnn's ARIMA with. Needs R's forecast package (8.20 made the file):
#   Rscript make_arima_fixture.R > arima-fixture.csv
suppressPackageStartupMessages(library(forecast))
air <- ts(log(AirPassengers[1:120]), frequency = 12)
rows <- character()
emit <- function(case, what, values) {
  rows <<- c(rows, paste(case, what, paste(sprintf("%.10g", values), collapse = ";"), sep = ","))
}
fixture <- function(case, x, order, seasonal = c(0, 0, 0), mean = FALSE, h = 12, method = "CSS") {
  emit(case, "x", x)
  fit <- arima(x, order = order, seasonal = list(order = seasonal, period = frequency(x)),
               include.mean = mean, method = method)
  emit(case, "coef", coef(fit))
  emit(case, "sigma2", fit$sigma2)
  emit(case, "loglik", fit$loglik)
  p <- predict(fit, n.ahead = h)
  emit(case, "mean", p$pred)
  emit(case, "se", p$se)
}
fixture("airline", air, c(0, 1, 1), c(0, 1, 1))
fixture("nile_arma11", Nile, c(1, 0, 1), mean = TRUE, h = 6)
fixture("lh_ar2", lh, c(2, 0, 0), mean = TRUE, h = 6)
fixture("airline_sar", air, c(1, 1, 0), c(1, 1, 0))
fixture("airline_ml", air, c(0, 1, 1), c(0, 1, 1), method = "CSS-ML")
fixture("nile_arma11_ml", Nile, c(1, 0, 1), mean = TRUE, h = 6, method = "CSS-ML")
fixture("lh_ar2_ml", lh, c(2, 0, 0), mean = TRUE, h = 6, method = "CSS-ML")
fixture("airline_sar_ml", air, c(1, 1, 0), c(1, 1, 0), method = "CSS-ML")
fixture("lynx_ar2ma1_ml", log(lynx), c(2, 0, 1), mean = TRUE, h = 6, method = "CSS-ML")
for (s in list(list("air", air), list("Nile", Nile), list("lynx", lynx), list("UKDriverDeaths", UKDriverDeaths),
               list("austres", austres), list("WWWusage", WWWusage))) {
  emit(s[[1]], "x", s[[2]])
  emit(s[[1]], "season", frequency(s[[2]]))
  emit(s[[1]], "ndiffs", ndiffs(s[[2]]))
  if (frequency(s[[2]]) > 1) emit(s[[1]], "nsdiffs", nsdiffs(s[[2]]))
}
cat("case,what,values\n")
cat(rows, sep = "\n")
cat("\n")

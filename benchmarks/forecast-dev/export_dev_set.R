#!/usr/bin/env Rscript
# The forecasting development set: public series that are NOT the bundled ones, across
# frequencies, with R's forecasts of each series' last horizon (the pseudo-test) as references.
#
#   Rscript export_dev_set.R OUT_DIR classic
#   Rscript export_dev_set.R OUT_DIR m4hourly M4_HOURLY_TRAIN_CSV [EVERY_NTH (default 20)]
#   Rscript export_dev_set.R OUT_DIR m4week M4_HOURLY_TRAIN_CSV [EVERY_NTH (default 20)]
#
# Writes OUT_DIR/PART-series.csv (series,season,horizon,value: one row per observation, in order)
# and OUT_DIR/PART-r.csv (series,method,mase): seasonal naive, ets (stlf for seasons over 24) and
# auto.arima (stlf with ARIMA for seasons over 24; none for seasons of 13-24) fitted on all but the last horizon and scored on
# it by MASE scaled by the fitted part's in-sample seasonal naive error (lag = season).
suppressPackageStartupMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args) >= 1) args[1] else "."
part <- if (length(args) >= 2) args[2] else "classic"
m4 <- if (length(args) >= 3) args[3] else ""
every <- if (length(args) >= 4) as.integer(args[4]) else 20L
if (!(part %in% c("classic", "m4hourly", "m4week")) || (part != "classic" && !nzchar(m4))) {
  stop("usage: export_dev_set.R OUT_DIR classic | export_dev_set.R OUT_DIR m4hourly|m4week M4_HOURLY_TRAIN_CSV [EVERY_NTH]")
}
dir.create(out, showWarnings = FALSE, recursive = TRUE)

series <- list()
add <- function(name, x, season, horizon) {
  x <- as.numeric(x)
  if (anyNA(x)) x <- as.numeric(na.interp(ts(x, frequency = season)))
  series[[name]] <<- list(x = x, season = season, horizon = horizon)
}
if (part == "classic") {
# monthly (season 12, horizon 18)
add("ldeaths", ldeaths, 12, 18)
add("mdeaths", mdeaths, 12, 18)
add("fdeaths", fdeaths, 12, 18)
add("UKDriverDeaths", UKDriverDeaths, 12, 18)
add("Seatbelts_front", Seatbelts[, "front"], 12, 18)
add("Seatbelts_rear", Seatbelts[, "rear"], 12, 18)
add("gas", gas, 12, 18)
add("wineind", wineind, 12, 18)
add("sunspots", window(sunspots, start = 1934), 12, 18)
# quarterly (4, 8)
add("austres", austres, 4, 8)
add("JohnsonJohnson", JohnsonJohnson, 4, 8)
add("woolyrnq", woolyrnq, 4, 8)
add("freeny_y", freeny.y, 4, 8)
# yearly and other non-seasonal (1, 6; 1, 10; 1, 14 for daily trading data)
add("Nile", Nile, 1, 6)
add("lynx", lynx, 1, 6)
add("sunspot_year", sunspot.year, 1, 6)
add("LakeHuron", LakeHuron, 1, 6)
add("airmiles", airmiles, 1, 6)
add("nhtemp", nhtemp, 1, 6)
add("discoveries", discoveries, 1, 6)
add("treering_last300", tail(treering, 300), 1, 6)
add("WWWusage", WWWusage, 1, 10)
add("BJsales", BJsales, 1, 10)
add("DAX_last500", tail(EuStockMarkets[, "DAX"], 500), 1, 14)
add("gold", gold, 1, 14)
}
# M4 Hourly training series: every n-th, with the daily season and with the weekly one
if (part == "m4hourly") {
  lines <- readLines(m4)[-1]
  for (i in seq(1, length(lines), by = every)) {
    f <- strsplit(gsub('"', "", lines[i]), ",")[[1]]
    x <- as.numeric(f[-1])
    x <- x[!is.na(x)]
    add(paste0(f[1], "_daily"), x, 24, 48)
    add(paste0(f[1], "_weekly"), x, 168, 48)
  }
}
# the same series with a horizon of a whole weekly season: a long season forecast a season or more ahead
if (part == "m4week") {
  lines <- readLines(m4)[-1]
  for (i in seq(1, length(lines), by = every)) {
    f <- strsplit(gsub('"', "", lines[i]), ",")[[1]]
    x <- as.numeric(f[-1])
    x <- x[!is.na(x)]
    add(paste0(f[1], "_week_ahead"), x, 168, 168)
  }
}

mase <- function(test, f, train, m) {
  lag <- if (length(train) > m) m else 1
  scale <- mean(abs(diff(train, lag = lag)))
  mean(abs(test - f)) / scale
}
values <- lapply(names(series), function(name) {
  data.frame(series = name, season = series[[name]]$season, horizon = series[[name]]$horizon,
             value = series[[name]]$x)
})
write.csv(do.call(rbind, values), file.path(out, paste0(part, "-series.csv")), row.names = FALSE, quote = FALSE)
rows <- list()
for (name in names(series)) {
  s <- series[[name]]
  n <- length(s$x)
  h <- s$horizon
  m <- s$season
  train <- ts(s$x[1:(n - h)], frequency = m)
  test <- s$x[(n - h + 1):n]
  snaive_f <- as.numeric(snaive(train, h = h)$mean)
  if (m > 24) {
    ets_f <- as.numeric(stlf(train, h = h)$mean)
    arima_f <- as.numeric(stlf(train, h = h, method = "arima")$mean)
  } else {
    ets_f <- as.numeric(forecast(ets(train), h = h)$mean)
    # auto.arima takes minutes a series for a season of 24 on a busy machine: left out there
    arima_f <- if (m > 12) rep(NA, h) else as.numeric(forecast(auto.arima(train), h = h)$mean)
  }
  for (method in c("seasonal_naive", "ets", "arima")) {
    f <- switch(method, seasonal_naive = snaive_f, ets = ets_f, arima = arima_f)
    rows[[length(rows) + 1]] <- data.frame(series = name, method = method,
                                           mase = round(mase(test, f, as.numeric(train), m), 4))
  }
  cat(name, "\n", file = stderr())
}
write.csv(do.call(rbind, rows), file.path(out, paste0(part, "-r.csv")), row.names = FALSE, quote = FALSE)

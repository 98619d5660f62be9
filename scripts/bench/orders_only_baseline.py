#!/usr/bin/env python3
"""The reference figure of issue 16: scikit-learn's k-means on log-RFM at the true k.

Usage:
  ./tessera generate --shop orders --customers 20000 --days 540 --seed 1 --out target/shop2
  /usr/bin/python3 scripts/bench/orders_only_baseline.py target/shop2 2026-06-30

For the first generator's orders-only view, generate with `--fault-rate 0` (the baseline reads the
CSV files directly and does not quarantine). Recency is days from the last completed order to the
as-of date (inclusive), frequency the completed orders, monetary their sum in the currency_rates.csv
base currency; customers without a completed order are left out. Each of the three is log1p'd and
standardised; KMeans(k, n_init=10, random_state=0) for k = 2..10, ARI against truth/customers.csv
(second column: the planted type or persona).
"""
import sys

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import StandardScaler


def main(folder, as_of):
    end = pd.Timestamp(as_of, tz="UTC") + pd.Timedelta(days=1)
    orders = pd.read_csv(f"{folder}/orders.csv")
    rates = pd.read_csv(f"{folder}/currency_rates.csv").set_index("currency")["rate"]
    rate = orders["currency"].map(rates).fillna(1.0) if "currency" in orders else 1.0
    orders["base"] = orders["amount"] * rate
    orders["t"] = pd.to_datetime(orders["ordered_at"], utc=True)
    done = orders[(orders["status"] == "completed") & (orders["t"] < end)].copy()
    done["days"] = (end - done["t"]).dt.total_seconds() // 86400
    g = done.groupby("customer_id")
    rfm = pd.DataFrame({"recency": g["days"].min(), "frequency": g.size(), "monetary": g["base"].sum()})
    truth = pd.read_csv(f"{folder}/truth/customers.csv").set_index("customer_id").iloc[:, 0]
    rfm = rfm.join(truth.rename("type"), how="inner")
    x = StandardScaler().fit_transform(np.log1p(rfm[["recency", "frequency", "monetary"]].values))
    labels = rfm["type"].astype("category").cat.codes.values
    true_k = rfm["type"].nunique()
    print(f"{len(rfm)} customers with a completed order, {true_k} planted types")
    for k in range(2, 11):
        ari = adjusted_rand_score(labels, KMeans(k, n_init=10, random_state=0).fit_predict(x))
        print(f"k = {k:2d}  ARI {ari:.3f}{'  <- true k' if k == true_k else ''}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

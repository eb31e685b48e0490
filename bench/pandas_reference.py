#!/usr/bin/python3
"""The notebooks' own pandas code, run on crmetl's generated CSV files, for bench/compare.sh.

    /usr/bin/python3 bench/pandas_reference.py PURCHASES.csv LEADS.csv COUNTS_OUT.csv

Two analyses, each as the reference documents write it (same operations, same order):
  lifecycle  the lifecycle notebook: per-transaction flags (purchase order, first purchase,
             retention, second purchase within 65 days), tiers over the last 6 months (the
             notebook's assign_tier, row by row with DataFrame.apply) and the funnel table;
  rfm        the RFM notebooks: recency, frequency, monetary per customer with groupby lambdas,
             pandas.qcut scores, RF/RFM scores and the ten named segments by regex.
Only the reading is ours: pd.read_csv of the generated files, whose headers are the notebook's
own column names. The lifecycle notebook starts from a line-level frame `cek` it never shows
being built; it is built here from its printed columns (total = price * qty per line, amount =
the transaction's total) and the flags merged back onto it, as its printed tables show.
The as-of date is the last purchase date in the file (2024-12-31 on a generated year, the
notebook's literal), which is also crmetl's default.

Not here: the lifetimes BG/NBD and Gamma-Gamma fit (lifetimes is not installable from Debian).

Prints the time of each part to stdout and writes the funnel counts, tier counts and RFM segment
counts to COUNTS_OUT.csv (kind,name,customers) for the comparison with crmetl's tables.
"""
import resource
import sys
import time

import numpy as np
import pandas as pd

SEG_MAP = {
    r'[1-2][1-2]': 'hibernating',
    r'[1-2][3-4]': 'at_Risk',
    r'[1-2]5': 'cant_loose',
    r'3[1-2]': 'about_to_sleep',
    r'33': 'need_attention',
    r'[3-4][4-5]': 'loyal_customers',
    r'41': 'promising',
    r'51': 'new_customers',
    r'[4-5][2-3]': 'potential_loyalists',
    r'5[4-5]': 'champions',
}


PURCHASE_COLUMNS = ['transaction_id', 'purchase_date', 'customer_id', 'sku', 'price', 'qty']
LEAD_COLUMNS = ['lead_date', 'customer_id']


def read_inputs(purchases_path, leads_path):
    for path, needed in ((purchases_path, PURCHASE_COLUMNS), (leads_path, LEAD_COLUMNS)):
        header = pd.read_csv(path, nrows=0).columns
        missing = [c for c in needed if c not in header]
        if missing:
            sys.exit(f"{path}: no column {', '.join(missing)}; this script reads the files of `crmetl generate` "
                     f"(purchases: {', '.join(PURCHASE_COLUMNS)}; leads: {', '.join(LEAD_COLUMNS)}, ...)")
    df_purchase = pd.read_csv(purchases_path, parse_dates=['purchase_date'])
    df_leads = pd.read_csv(leads_path, parse_dates=['lead_date'])
    return df_purchase, df_leads


def lifecycle(df_purchase, df_leads, as_of):
    """The lifecycle notebook: flags, tiers, funnel."""
    # The line-level frame the notebook calls cek (its printed columns: total, amount).
    cek = df_purchase.copy()
    cek['total'] = cek['price'] * cek['qty']
    cek['amount'] = cek.groupby('transaction_id')['total'].transform('sum')

    uniquetx = cek[['customer_id', 'purchase_date', 'transaction_id']].drop_duplicates().sort_values(['customer_id', 'purchase_date', 'transaction_id'])
    uniquetx['purchase_order'] = uniquetx.groupby('customer_id').cumcount() + 1

    # for labelling transaction as first_purchase or retention
    uniquetx = uniquetx.sort_values('purchase_order', ascending=False)
    uniquetx['first_purchase'] = np.where(uniquetx['purchase_order'] == 1, 'yes', '')
    uniquetx['retention'] = np.where(uniquetx['purchase_order'] >= 2, 'yes', '')

    # for labelling trnasaction of second purchase in range 65 days after first_purchase
    uniquetx['gap_days_since_first'] = (
        uniquetx['purchase_date'] - uniquetx.groupby('customer_id')['purchase_date'].transform('min')
    ).dt.days

    uniquetx['second_purchase'] = np.where(
        (uniquetx['gap_days_since_first'] <= 65) & (uniquetx['purchase_order'] == 2), 'yes', ''
    )

    # The flags onto the lines, as the notebook's printed cek shows them.
    cek = pd.merge(cek, uniquetx, on=['customer_id', 'purchase_date', 'transaction_id'], how='left')

    # Tiers
    cutoff_date = pd.to_datetime(as_of) - pd.DateOffset(months=6)
    recent_purchase = cek[cek['purchase_date'] >= cutoff_date]

    customer_cltv = recent_purchase.groupby('customer_id').agg(
        total_amount=('total', 'sum'),
        freq=('transaction_id', 'nunique')
    ).reset_index()

    def assign_tier(row):
        if row['total_amount'] > 2000 or row['freq'] > 6:
            return 'Power User'
        elif row['total_amount'] > 1000 or row['freq'] >= 4:
            return 'Tier 3'
        elif row['total_amount'] > 600 or row['freq'] >= 3:
            return 'Tier 2'
        else:
            return 'Tier 1'

    customer_cltv['tier'] = customer_cltv.apply(assign_tier, axis=1)

    customer_cltv = customer_cltv[['customer_id', 'tier']]
    cek = pd.merge(cek, customer_cltv, on='customer_id', how='left')
    cek['tier'] = cek['tier'].fillna('No Tier')

    # Funnel
    leads = df_leads.groupby('lead_date')['customer_id'].nunique().sum()
    df_leads_total = pd.DataFrame({'desc': ['Leads'], 'unique_customers': [leads]})

    first_purchase = cek[cek['first_purchase'] == 'yes']['customer_id'].nunique()
    df_first_purchase = pd.DataFrame({'desc': ['First Purchase'], 'unique_customers': [first_purchase]})
    second_purchase = cek[cek['second_purchase'] == 'yes']['customer_id'].nunique()
    df_second_purchase = pd.DataFrame({'desc': ['Second Purchase'], 'unique_customers': [second_purchase]})

    tiering = cek[cek['tier'] != 'No Tier'].groupby('tier')['customer_id'].nunique().reset_index()
    tiering = tiering.rename(columns={'tier': 'desc', 'customer_id': 'unique_customers'})
    lifecycle_total = pd.concat([df_leads_total, df_first_purchase, df_second_purchase, tiering])

    mapping = {
        'Leads': 1,
        'First Purchase': 2,
        'Second Purchase': 3,
        'Tier 1': 4,
        'Tier 2': 5,
        'Tier 3': 6,
        'Power User': 7
    }
    lifecycle_total['sorted_by'] = lifecycle_total['desc'].map(mapping)
    lifecycle_total = lifecycle_total.sort_values('sorted_by').reset_index(drop=True)

    conversion_rates = [100]
    for i in range(1, len(lifecycle_total)):
        rate = lifecycle_total.loc[i, 'unique_customers'] / lifecycle_total.loc[i-1, 'unique_customers'] * 100
        conversion_rates.append(rate)

    lifecycle_total['conversion_rate_%'] = conversion_rates
    return lifecycle_total


def rfm(df, as_of):
    """The RFM notebooks: metrics, qcut scores, segments."""
    df = df[df["purchase_date"] <= as_of].copy()
    df["TotalPrice"] = df["qty"] * df["price"]
    today_date = as_of
    rfm = df.groupby("customer_id").agg({"purchase_date": lambda date: (today_date - date.max()).days,
                                         "transaction_id": lambda num: num.nunique(),
                                         "TotalPrice": lambda TotalPrice: TotalPrice.sum()})
    rfm.columns = ["recency", "frequency", "monetary"]
    rfm["recency_score"] = qcut(rfm["recency"], 5, labels=[5, 4, 3, 2, 1])
    rfm["frequency_score"] = qcut(rfm["frequency"].rank(method="first"), 5, labels=[1, 2, 3, 4, 5])
    rfm["monetary_score"] = qcut(rfm["monetary"], 5, labels=[1, 2, 3, 4, 5])
    rfm["RF_SCORE"] = rfm["recency_score"].astype(str) + rfm["frequency_score"].astype(str)
    rfm["RFM_SCORE"] = rfm["RF_SCORE"] + rfm["monetary_score"].astype(str)
    rfm["segment"] = rfm["RF_SCORE"].replace(SEG_MAP, regex=True)
    return rfm


def qcut(values, bins, labels):
    """pd.qcut as the notebooks call it. Where ties make edges coincide (short samples), pandas
    raises "Bin edges must be unique"; then crmetl's documented rule (1 + the number of inner
    quantile edges a value is strictly greater than), as tests/CrmEtl.Tests/data/rfm does."""
    try:
        return pd.qcut(values, bins, labels=labels)
    except ValueError as error:
        if "Bin edges must be unique" not in str(error):
            raise
        print(f"  note: pandas.qcut raised on {values.name}'s collapsed edges; scored by the collapsed-edge rule")
        edges = np.quantile(values.to_numpy(dtype=float), np.linspace(0, 1, bins + 1))[1:-1]
        positions = (values.to_numpy(dtype=float)[:, None] > edges[None, :]).sum(axis=1)
        return pd.Series([labels[p] for p in positions], index=values.index)


def timed(label, action):
    start = time.perf_counter()
    result = action()
    print(f"  {label:<34} {time.perf_counter() - start:7.2f} s", flush=True)
    return result


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: bench/pandas_reference.py PURCHASES.csv LEADS.csv COUNTS_OUT.csv")
    purchases_path, leads_path, counts_path = sys.argv[1:]
    print(f"pandas {pd.__version__}, numpy {np.__version__}")

    df_purchase, df_leads = timed("read_csv (purchases, leads)", lambda: read_inputs(purchases_path, leads_path))
    as_of = df_purchase['purchase_date'].max()
    funnel = timed("lifecycle: flags, tiers, funnel", lambda: lifecycle(df_purchase, df_leads, as_of))
    scored = timed("RFM: metrics, scores, segments", lambda: rfm(df_purchase, as_of))
    print(f"  peak memory (this process)         {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024:7d} MB")

    rows = [("funnel", name, int(n)) for name, n in zip(funnel['desc'], funnel['unique_customers'])]
    rows += [("rfm_segment", name, int(n)) for name, n in scored['segment'].value_counts().sort_index().items()]
    pd.DataFrame(rows, columns=["kind", "name", "customers"]).to_csv(counts_path, index=False)


if __name__ == "__main__":
    main()

"""The store: records of many statements in one embedded DuckDB database, queried across statements.

``records`` reads and checks record files, ``schema`` defines the tables (one ``Table`` each), ``load`` adds
records in one transaction, ``queries`` holds the named questions, ``output`` prints results, ``export`` writes
Parquet, ``page`` renders the corpus page, and ``command`` ties them to the command line.
"""

DROP TABLE csv_imports;

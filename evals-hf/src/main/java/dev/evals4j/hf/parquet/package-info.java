/**
 * Rows from Parquet files on the local disk, read with parquet-java one row group at a time.
 *
 * <p>Everything here is non-null unless a method says otherwise.
 */
package dev.evals4j.hf.parquet;

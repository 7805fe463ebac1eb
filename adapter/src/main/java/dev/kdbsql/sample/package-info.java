/**
 * A deterministic, seeded generator of TAQ-like sample databases (partitioned {@code trade} and
 * {@code quote}, a splayed {@code ref} table, a flat {@code daily} table), written with the
 * storage writer: small ones for tests, very large ones for benchmarks.
 */
package dev.kdbsql.sample;

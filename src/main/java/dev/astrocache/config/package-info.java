/**
 * The settings table: every setting the library reads, with its parser, default and description
 * ({@link dev.astrocache.config.Setting}), and the warnings for settings nobody reads
 * ({@link dev.astrocache.config.UnknownSettings}). Depends on nothing else of the project; the
 * front and the stores read through it. Not exported.
 */
package dev.astrocache.config;

/**
 * One small helper per rule that the rest of astrocache shares: SHA-256 and hex
 * ({@link dev.astrocache.base.Hashes}), JVM descriptors ({@link dev.astrocache.base.Descriptors}),
 * and which classes are the JDK's, which are lambdas and what stable name a class has
 * ({@link dev.astrocache.base.Classes}), a logger made at its first use
 * ({@link dev.astrocache.base.LazyLogger}). Depends on nothing else of astrocache; not exported.
 */
package dev.astrocache.base;

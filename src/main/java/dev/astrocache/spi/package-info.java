/**
 * Service provider interfaces: {@link dev.astrocache.spi.Serializer} for values and
 * {@link dev.astrocache.spi.StoreProvider} / {@link dev.astrocache.spi.Store} for where entries
 * live. Both are discovered with {@link java.util.ServiceLoader}.
 */
package dev.astrocache.spi;

/**
 * Values as bytes, twice over: {@link dev.astrocache.codec.CanonicalEncoder} turns arguments
 * and an implementation's state into the canonical bytes that cache keys are hashed from
 * (format in {@code KeyTags}), and {@link dev.astrocache.codec.ValueCodec} stores results
 * (format in {@code ValueTags}). Neither knows of files, stores or fingerprints: the code
 * identity of functional objects comes in through
 * {@link dev.astrocache.codec.CanonicalEncoder.CodeIdentity}.
 */
package dev.astrocache.codec;

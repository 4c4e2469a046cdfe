/**
 * An example third-party jrnn backend: the reference math with a counter of every primitive call,
 * discovered by {@link dev.jrnn.api.backend.Backends} under the name {@code counting}.
 */
package com.example.jrnn.counting;

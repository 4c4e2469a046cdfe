/**
 * The reference backend: plain Java loops over double arrays, written to be obviously correct
 * rather than fast. It is the oracle of the conformance kit and is used only when named.
 */
package dev.jrnn.api.reference;

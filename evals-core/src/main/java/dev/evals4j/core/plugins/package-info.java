/** The plugin registry: discovery through {@link java.util.ServiceLoader} and explicit registration. */
package dev.evals4j.core.plugins;

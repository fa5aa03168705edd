/** The HTTP layer of evals4j, on OkHttp. */
package dev.evals4j.core.http;

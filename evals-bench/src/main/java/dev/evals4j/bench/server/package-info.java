/** A load generator for evals-server: concurrent clients scoring batches of rows over HTTP. */
@NullMarked
package dev.evals4j.bench.server;

import org.jspecify.annotations.NullMarked;

/**
 * The server's routes, stores and wire formats; public only for technical reasons and changed without notice.
 *
 * <p>Everything here is non-null unless a method says otherwise.
 */
@NullMarked
package dev.evals4j.server.internal;

import org.jspecify.annotations.NullMarked;

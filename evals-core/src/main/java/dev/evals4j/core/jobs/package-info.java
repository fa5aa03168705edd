/** Background runs whose state lives in a folder, so that they outlive the process that started them. */
package dev.evals4j.core.jobs;

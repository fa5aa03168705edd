package dev.evals4j.cli;

import dev.evals4j.api.EvalException;
import dev.evals4j.core.internal.JobStore;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a job in a new JVM that outlives this command, with the same class path, plugins and JVM options. */
final class Workers {
    private Workers() {}

    static Process start(CliContext context, JobStore jobs, String jobId, int concurrency) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid"); // its own session: a closing terminal does not stop it
        }
        command.add(java);
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of("jobs", "work", jobId, "--concurrency", Integer.toString(concurrency)));
        Path log = jobs.root().resolve(jobId).resolve("log.txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(context.env);
        builder.environment().put("EVALS_JOBS_DIR", jobs.root().toAbsolutePath().toString());
        builder.environment().put("EVALS_PLUGIN_PATH", context.pluginPathForChildren());
        try {
            Process process = builder.start();
            jobs.transfer(jobId, process.toHandle());
            return process;
        } catch (IOException e) {
            throw new EvalException("cannot start the background process for job " + jobId + ": " + e.getMessage(), e);
        }
    }
}

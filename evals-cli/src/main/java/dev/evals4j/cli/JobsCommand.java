package dev.evals4j.cli;

import dev.evals4j.api.ConfigurationException;
import dev.evals4j.api.EvalResult;
import dev.evals4j.api.Job;
import dev.evals4j.api.JobStatus;
import dev.evals4j.api.RunOptions;
import dev.evals4j.core.internal.JobStore;
import dev.evals4j.core.jobs.JobService;
import dev.evals4j.core.text.Suggestions;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code evals jobs}: list, show, cancel and resume background runs. */
@Command(
        name = "jobs",
        description = "List, show, cancel and resume background runs (kept in runs/jobs or $EVALS_JOBS_DIR).",
        subcommands = {
            JobsCommand.ListJobs.class,
            JobsCommand.Show.class,
            JobsCommand.Cancel.class,
            JobsCommand.Resume.class,
            JobsCommand.Work.class
        })
final class JobsCommand extends CliCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    JobsCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        return new ListJobs(context).call();
    }

    /** The job with this id; an unknown id is a usage error that asks about the nearest ids. */
    static Job find(JobService jobs, String id) {
        return jobs.get(id).orElseThrow(() -> {
            List<String> ids = jobs.list().stream().map(Job::id).toList();
            return new ConfigurationException("no job has the id '" + id + "' in " + jobs.root()
                    + Suggestions.didYouMean(id, ids).map(s -> "; " + s).orElse("")
                    + (ids.isEmpty() ? "; there are no jobs" : "; 'evals jobs' lists them"));
        });
    }

    static String progress(Job job) {
        return job.progress()
                .map(p -> p.done()
                        + (p.total() >= 0 ? "/" + p.total() : "")
                        + (p.errors() > 0 ? " (" + p.errors() + " failed)" : ""))
                .orElse("");
    }

    /** {@code evals jobs list}. */
    @Command(name = "list", description = "List the jobs, newest first.")
    static final class ListJobs extends CliCommand implements Callable<Integer> {

        ListJobs(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("ID", "STATUS", "PROGRESS", "CREATED", "OUTPUT"));
            for (Job job : context.evals().jobs().list()) {
                rows.add(List.of(
                        job.id(),
                        job.status().wireName(),
                        progress(job),
                        TIME.format(job.createdAt()),
                        job.outputDir().toString()));
            }
            Table.print(context.out, rows);
            return 0;
        }
    }

    /** {@code evals jobs show ID}. */
    @Command(name = "show", description = "Show a job's status, progress, error, and results when completed.")
    static final class Show extends CliCommand implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;

        Show(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            JobService jobs = context.evals().jobs();
            Job job = find(jobs, id);
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("job", job.id()));
            rows.add(List.of("status", job.status().wireName()));
            rows.add(List.of("created", TIME.format(job.createdAt())));
            job.startedAt().ifPresent(t -> rows.add(List.of("started", TIME.format(t))));
            job.finishedAt().ifPresent(t -> rows.add(List.of("finished", TIME.format(t))));
            // a rate and a time left only while it runs: a stopped job has neither
            job.progress()
                    .ifPresent(p -> rows.add(
                            List.of("progress", ProgressPrinter.line(p, job.status() == JobStatus.IN_PROGRESS))));
            job.error().ifPresent(e -> rows.add(List.of("error", e)));
            rows.add(List.of("output", job.outputDir().toString()));
            if (job.resumable()) {
                rows.add(List.of("resume", "evals jobs resume " + job.id()));
            }
            Table.print(context.out, rows);
            if (job.status() == JobStatus.COMPLETED) {
                EvalResult result = jobs.result(id);
                context.out.println();
                Summary.print(context.out, result);
            }
            return 0;
        }
    }

    /** {@code evals jobs cancel ID}. */
    @Command(name = "cancel", description = "Ask a job to stop; what it finished is kept and it can be resumed.")
    static final class Cancel extends CliCommand implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;

        Cancel(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            find(context.evals().jobs(), id);
            Job job = context.evals().jobs().cancel(id);
            context.out.println("job " + id + ": "
                    + (job.status().isFinal()
                            ? job.status().wireName()
                            : "asked to stop; samples in flight finish first"));
            return 0;
        }
    }

    /** {@code evals jobs resume ID}. */
    @Command(name = "resume", description = "Continue a failed or cancelled job from its journal, in the background.")
    static final class Resume extends CliCommand implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;

        @Option(
                names = "--concurrency",
                paramLabel = "N",
                description = "Samples in flight at once (default: ${DEFAULT-VALUE}).")
        int concurrency = RunOptions.DEFAULT_CONCURRENCY;

        Resume(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            find(context.evals().jobs(), id);
            JobStore jobs = context.jobStore();
            jobs.prepareResume(id, ProcessHandle.current());
            Process worker = Workers.start(context, jobs, id, concurrency);
            context.out.println("job " + id + " resumes in the background (pid " + worker.pid() + ")");
            return 0;
        }
    }

    /** {@code evals jobs work ID}: runs a job in this process; used by {@code --detach}. */
    @Command(name = "work", hidden = true, description = "Run a scheduled job in this process.")
    static final class Work extends CliCommand implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--concurrency", paramLabel = "N")
        int concurrency = RunOptions.DEFAULT_CONCURRENCY;

        Work(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            context.out.println(Instant.now() + " job " + id + " starts in pid "
                    + ProcessHandle.current().pid());
            Job job = context.jobStore()
                    .runHere(
                            id,
                            RunOptions.builder()
                                    .concurrency(concurrency)
                                    .progress(new ProgressPrinter(context.out, false))
                                    .build());
            context.out.println(Instant.now() + " job " + id + " is "
                    + job.status().wireName() + job.error().map(e -> ": " + e).orElse(""));
            return job.status() == JobStatus.COMPLETED ? 0 : 1;
        }
    }
}

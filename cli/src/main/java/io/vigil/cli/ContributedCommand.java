package io.vigil.cli;

import java.util.concurrent.Callable;

/**
 * A {@code ./vigil} subcommand that another module contributes (the demo, the benchmarks), found
 * with {@link java.util.ServiceLoader} when its module is on the class path. An implementation is a
 * picocli {@code @Command}-annotated class with a public no-argument constructor, listed in {@code
 * META-INF/services/io.vigil.cli.ContributedCommand}; its {@code call()} returns the exit status.
 */
public interface ContributedCommand extends Callable<Integer> {}

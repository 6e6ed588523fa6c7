package io.storyreel.app;

import java.util.concurrent.Callable;

/** Base for subcommands whose issue has not landed yet: says so plainly and exits 2. */
abstract class NotLandedYet implements Callable<Integer> {
    private final String what;

    NotLandedYet(String what) {
        this.what = what;
    }

    @Override
    public Integer call() {
        System.err.println("storyreel: " + what + " is not built yet in this version.");
        return Main.EXIT_USAGE;
    }
}

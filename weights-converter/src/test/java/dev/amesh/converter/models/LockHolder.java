package dev.amesh.converter.models;

import java.nio.file.Paths;

/** Child process for {@link CacheLockTest}: holds the lock on a cache folder until its stdin closes. */
final class LockHolder {
    private LockHolder() {
    }

    public static void main(String[] args) throws Exception {
        CacheLock lock = CacheLock.acquire(Paths.get(args[0]), line -> { });
        try {
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // Holds the lock until the parent closes our stdin.
            }
        } finally {
            lock.close();
        }
    }
}

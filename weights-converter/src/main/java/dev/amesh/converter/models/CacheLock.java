package dev.amesh.converter.models;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Exclusive access to one cache folder, across threads (a lock per folder) and across processes (an OS
 * file lock on {@code <cache>/.lock}). Reentrant within a thread: only the outermost hold takes the file
 * lock, because the JVM refuses a second lock on the same file.
 */
final class CacheLock implements AutoCloseable {
    private static final Map<Path, ReentrantLock> THREAD_LOCKS = new ConcurrentHashMap<>();

    private final ReentrantLock threadLock;
    private final FileChannel channel;
    private final FileLock fileLock;

    private CacheLock(ReentrantLock threadLock, FileChannel channel, FileLock fileLock) {
        this.threadLock = threadLock;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /**
     * Blocks until this thread holds the cache folder {@code dir} (created if missing); says so on
     * {@code log} when it has to wait for another process.
     */
    static CacheLock acquire(Path dir, Consumer<String> log) throws IOException {
        Files.createDirectories(dir);
        Path key = dir.toRealPath();
        ReentrantLock lock = THREAD_LOCKS.computeIfAbsent(key, k -> new ReentrantLock());
        lock.lock();
        if (lock.getHoldCount() > 1) {
            return new CacheLock(lock, null, null);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(key.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock fileLock = channel.tryLock();
            if (fileLock == null) {
                log.accept("waiting for another amesh process that is updating " + dir + " ...");
                fileLock = channel.lock();
            }
            return new CacheLock(lock, channel, fileLock);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            lock.unlock();
            throw new IOException("cannot lock the model cache " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (fileLock != null) {
                fileLock.release();
                channel.close();
            }
        } finally {
            threadLock.unlock();
        }
    }
}

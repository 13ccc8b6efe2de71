import CKernels
import Foundation
import Synchronization

/// The threads behind `parallelFor` and `parallelForDynamic`: the calling thread and up to
/// `Threads.count − 1` workers run the parts of a region, and after it the workers keep
/// watching for the next one for a while (spinning, as OpenMP's workers do) before they sleep.
///
/// Why not `DispatchQueue.concurrentPerform`: its idle worker sleeps at once, and on a virtual
/// machine waking a sleeping CPU took 120–170 µs (measured here, Intel Xeon KVM guest), where
/// a region of the course's small models lasts 20–200 µs: the 3s-vs-7s MLP trained slower on
/// two threads than on one (0.50–0.72M images/s against 0.66M; with these workers 0.97–1.28M).
/// A worker that is still spinning starts in well under a microsecond. Spinning for 2 ms
/// rather than 0.2 kept the MLP 10–25 % faster and the larger models alike.
///
/// One region at a time: a region started while another runs (a nested `parallelFor`, or a
/// second thread) runs on its calling thread alone. Workers spin only while there are no more
/// threads than cores (spinning on a core someone else needs slows them).
final class WorkerPool: @unchecked Sendable {
    static let shared = WorkerPool()

    private static let cores = ProcessInfo.processInfo.activeProcessorCount

    /// How long an idle worker watches for the next region before it sleeps.
    private static let spinNanoseconds: UInt64 = 2_000_000

    /// The region's generation (upper 32 bits) and its next unclaimed part (lower 32 bits): a
    /// part is claimed by a compare-and-swap on both, so a worker that looked at an older
    /// region can never claim a part of a newer one with the older region's body.
    private let next = Atomic<Int>(0)
    /// The part index of a region being set up: more than any region's parts.
    private static let closed = 0xFFFF_FFFF
    /// Parts of the current region, and how many have finished.
    private let parts = Atomic<Int>(0), done = Atomic<Int>(0)
    /// Where the current region's body lies (on the calling thread's stack, while it runs).
    private let body = Atomic<UnsafeRawPointer?>(nil)
    /// Whether a region is running (only one at a time).
    private let busy = Atomic<Bool>(false)
    /// Workers asleep, and what wakes them.
    private let sleepers = Atomic<Int>(0)
    private var mutex = pthread_mutex_t(), wake = pthread_cond_t()
    /// Workers started so far (they never stop).
    private let started = Mutex<Int>(0)

    private init() {
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&wake, nil)
    }

    /// Runs `body(0)`, …, `body(count − 1)` on this thread and the workers, and returns when
    /// all have finished.
    func run(_ count: Int, _ body: (Int) -> Void) {
        guard count > 1, busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            for i in 0..<count { body(i) }
            return
        }
        defer { busy.store(false, ordering: .releasing) }
        startWorkers(upTo: count - 1)
        withoutActuallyEscaping(body) { body in withUnsafePointer(to: body) { pointer in
            // First close the last region to late claims: a worker that read its counter before
            // could otherwise claim a part of it after this region's body and parts were set.
            let generation = (next.load(ordering: .relaxed) >> 32) + 1
            next.store(generation << 32 | Self.closed, ordering: .sequentiallyConsistent)
            self.body.store(UnsafeRawPointer(pointer), ordering: .relaxed)
            parts.store(count, ordering: .relaxed)
            done.store(0, ordering: .relaxed)
            next.store(generation << 32, ordering: .sequentiallyConsistent)
            if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                pthread_mutex_lock(&mutex)
                pthread_cond_broadcast(&wake)
                pthread_mutex_unlock(&mutex)
            }
            runParts()
            // The parts the workers claimed: usually finishing as this thread finishes its own.
            var spins = 0
            while done.load(ordering: .acquiring) < count {
                spins += 1
                if spins < 4096 { ck_spin_pause() } else { sched_yield() }
            }
        } }
    }

    /// Claims and runs parts of the current region until none are left.
    private func runParts() {
        while true {
            let v = next.load(ordering: .acquiring)
            let part = v & 0xFFFF_FFFF
            guard part < parts.load(ordering: .relaxed) else { return }
            guard next.compareExchange(expected: v, desired: v + 1, ordering: .acquiringAndReleasing).exchanged else { continue }
            // Claimed: the region cannot end before this part is done, so its body is still there.
            let body = self.body.load(ordering: .relaxed)!.assumingMemoryBound(to: ((Int) -> Void).self)
            body.pointee(part)
            done.add(1, ordering: .releasing)
        }
    }

    private func startWorkers(upTo wanted: Int) {
        started.withLock { count in
            while count < wanted {
                let thread = Thread { [unowned self] in self.work() }
                thread.stackSize = 8 << 20
                thread.name = "lessons-worker-\(count)"
                thread.start()
                count += 1
            }
        }
    }

    /// A worker: waits for a region newer than the last it saw, runs parts of it, and again.
    private func work() {
        var seen = next.load(ordering: .acquiring) >> 32
        while true {
            let spin = Threads.count <= Self.cores
            let start = DispatchTime.now().uptimeNanoseconds
            var spins = 0
            while !isNewer(than: seen) {
                spins += 1
                if !spin || (spins & 255 == 0 && DispatchTime.now().uptimeNanoseconds - start > Self.spinNanoseconds) {
                    sleep(until: seen)
                    break
                }
                ck_spin_pause()
            }
            seen = next.load(ordering: .acquiring) >> 32
            runParts()
        }
    }

    /// Whether a region newer than `generation` is open (set up, its parts claimable or done).
    private func isNewer(than generation: Int) -> Bool {
        let v = next.load(ordering: .sequentiallyConsistent)
        return v >> 32 != generation && v & 0xFFFF_FFFF != Self.closed
    }

    /// Sleeps until a region newer than `generation` is open.
    private func sleep(until generation: Int) {
        pthread_mutex_lock(&mutex)
        sleepers.add(1, ordering: .sequentiallyConsistent)
        while !isNewer(than: generation) {
            pthread_cond_wait(&wake, &mutex)
        }
        sleepers.subtract(1, ordering: .sequentiallyConsistent)
        pthread_mutex_unlock(&mutex)
    }
}

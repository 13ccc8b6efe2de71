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
/// A spinning worker holds its core, so it does not spin where the core is wanted elsewhere:
/// not past the region's thread count, not when there are more threads than cores, and not at
/// all with `OMP_WAIT_POLICY=passive` (OpenMP's switch for the same thing). OpenBLAS's threads,
/// which spin too, share a core with it for up to 2 ms: sending the workers to sleep before
/// each multi-threaded OpenBLAS call made the MLP 35–50 % slower on 2 threads, not faster.
///
/// One region at a time: a region started while another runs (a nested `parallelFor`, or a
/// second thread) runs on its calling thread alone.
final class WorkerPool: @unchecked Sendable {
    static let shared = WorkerPool()

    /// How long an idle worker watches for the next region before it sleeps.
    private static let spinNanoseconds: UInt64 = 2_000_000
    private static let cores = ProcessInfo.processInfo.activeProcessorCount
    /// Workers never outnumber the other cores: more threads than cores only take turns.
    private static let maxWorkers = max(1, cores - 1)
    private static let passive = ProcessInfo.processInfo.environment["OMP_WAIT_POLICY"]?.lowercased() == "passive"

    /// The region's generation (upper 32 bits) and its next unclaimed part (lower 32 bits), or
    /// `closed` while the region is set up. A part is claimed by a compare-and-swap on both, so
    /// a worker that read an older region's counter cannot claim a part of a newer one.
    private let next = Atomic<Int>(0)
    private static let closed = 0xFFFF_FFFF
    /// The part index of a value of `next` (its lower 32 bits).
    private static func part(_ v: Int) -> Int { v & 0xFFFF_FFFF }
    /// Parts of the current region (stored after `next` is closed, with release, so that a
    /// worker that sees them also sees the region closed), and how many have finished.
    private let parts = Atomic<Int>(0), done = Atomic<Int>(0)
    /// Where the current region's body lies (on the calling thread's stack, while it runs).
    private let body = Atomic<UnsafeRawPointer?>(nil)
    /// Workers that may spin after the current region (the first ones started).
    private let spinners = Atomic<Int>(0)
    /// Whether a region is running (only one at a time).
    private let busy = Atomic<Bool>(false)
    /// Workers asleep, and what wakes them (allocated once: their addresses must not move).
    private let sleepers = Atomic<Int>(0)
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let wake = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Workers started so far (they never stop).
    private let started = Mutex<Int>(0)

    private init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(wake, nil)
    }

    /// Runs `body(0)`, …, `body(count − 1)` on this thread and the workers, and returns when
    /// all have finished.
    func run(_ count: Int, _ body: (Int) -> Void) {
        guard count > 1, busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            for i in 0..<count { body(i) }
            return
        }
        defer { busy.store(false, ordering: .releasing) }
        let workers = startWorkers(upTo: min(count - 1, Self.maxWorkers))
        withoutActuallyEscaping(body) { body in withUnsafePointer(to: body) { pointer in
            // Close the last region to late claims first: a worker that read its counter before
            // could otherwise claim a part of it once this region's body and parts were set.
            let generation = (next.load(ordering: .relaxed) >> 32) + 1
            next.store(generation << 32 | Self.closed, ordering: .sequentiallyConsistent)
            self.body.store(UnsafeRawPointer(pointer), ordering: .relaxed)
            done.store(0, ordering: .relaxed)
            spinners.store(Self.passive || Threads.count > Self.cores ? 0 : min(workers, count - 1), ordering: .relaxed)
            parts.store(count, ordering: .releasing)
            next.store(generation << 32, ordering: .sequentiallyConsistent)
            if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                pthread_mutex_lock(mutex)
                pthread_cond_broadcast(wake)
                pthread_mutex_unlock(mutex)
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
            guard Self.part(v) < parts.load(ordering: .acquiring) else { return }
            guard next.compareExchange(expected: v, desired: v + 1, ordering: .acquiringAndReleasing).exchanged else { continue }
            // Claimed: the region cannot end before this part is done, so its body is still there.
            let body = self.body.load(ordering: .relaxed)!.assumingMemoryBound(to: ((Int) -> Void).self)
            body.pointee(Self.part(v))
            done.wrappingAdd(1, ordering: .releasing)
        }
    }

    /// Starts workers until there are `wanted`; returns how many there are.
    private func startWorkers(upTo wanted: Int) -> Int {
        started.withLock { count in
            while count < wanted {
                let index = count
                let thread = Thread { [unowned self] in self.work(index) }
                thread.stackSize = 8 << 20
                thread.name = "lessons-worker-\(index)"
                thread.start()
                count += 1
            }
            return count
        }
    }

    /// Worker `index`: waits for a region newer than the last it saw, runs parts of it, and again.
    private func work(_ index: Int) {
        var seen = next.load(ordering: .acquiring) >> 32
        while true {
            seen = waitForRegion(newerThan: seen, spinning: index < spinners.load(ordering: .relaxed))
            runParts()
        }
    }

    /// The generation of a region newer than `generation` once one is open: spinning for a
    /// while first (unless told not to), then asleep.
    private func waitForRegion(newerThan generation: Int, spinning: Bool) -> Int {
        if spinning {
            let start = DispatchTime.now().uptimeNanoseconds
            var spins = 0
            while true {
                if let open = openRegion(newerThan: generation) { return open }
                spins += 1
                if spins & 255 == 0 && DispatchTime.now().uptimeNanoseconds - start > Self.spinNanoseconds { break }
                ck_spin_pause()
            }
        }
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        sleepers.add(1, ordering: .sequentiallyConsistent)
        defer { sleepers.subtract(1, ordering: .sequentiallyConsistent) }
        while true {
            if let open = openRegion(newerThan: generation) { return open }
            pthread_cond_wait(wake, mutex)
        }
    }

    /// The generation of the region now open, if it is newer than `generation`.
    private func openRegion(newerThan generation: Int) -> Int? {
        let v = next.load(ordering: .sequentiallyConsistent)
        return v >> 32 != generation && Self.part(v) != Self.closed ? v >> 32 : nil
    }
}

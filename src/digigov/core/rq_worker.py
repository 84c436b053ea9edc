"""The RQ worker that `manage.py run_worker` starts when TASKS is on Redis (production, conf.prod)."""

from rq import Worker

PUBSUB_WAIT = 1  # seconds: how long one read of the worker's command channel waits (rq's own: 60)


class PromptWorker(Worker):
    """RQ's worker, exiting within a second of being done.

    rq 3.0 listens for commands (stop a job, shut down) on a pubsub channel in a thread whose reads wait up to 60 s.
    redis-py 8.2's `PubSubWorkerThread.stop()` now waits for the read under way to end, so every exit waited for it:
    `run_worker --burst` took a minute after its last job (measured: 63 s for an empty queue), as would a worker
    stopped at a deployment. Reads of a second end the thread within one; a command is still answered at once, since
    a read returns as soon as a message arrives."""

    def subscribe(self):
        self.log.info("Worker %s: subscribing to channel %s", self.name, self.pubsub_channel_name)
        self.pubsub = self.connection.pubsub()
        self.pubsub.subscribe(**{self.pubsub_channel_name: self.handle_payload})
        self.pubsub_thread = self.pubsub.run_in_thread(
            sleep_time=PUBSUB_WAIT, daemon=True, exception_handler=self._pubsub_exception_handler
        )

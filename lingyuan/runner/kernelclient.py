"""The kernel client of ``python -m lingyuan run``: jupyter_client's AsyncKernelClient,
with the start-up handshake's idle waits cut to what local sockets need.

Two waits of jupyter_client's ``wait_for_ready`` are idle time before every notebook,
the CPU doing nothing while a worker waits (measured on a forked kernel: ready 0.24 s
after its start with jupyter_client's values, 0.07 s with these; over a 31-run matrix,
about 5 s of the workers' time):

* The client connects its sockets as soon as the kernel process exists, before the
  kernel has bound its own; ZMQ then tries again only after its reconnect interval,
  100 ms by default. The client's sockets here try again after ``RECONNECT_MS``.
* After the kernel_info handshake, ``wait_for_ready`` reads the IOPub channel until it
  has been quiet for 0.2 s (and, before that, waits up to 0.2 s for one IOPub message to
  know the channel is connected, asking again if none came). Over local sockets the
  messages it waits for arrive within a millisecond, and nbclient ignores IOPub
  messages that answer another request anyway: the reads are capped at ``IOPUB_QUIET``.

The handshake itself is jupyter_client's, unchanged: the kernel_info request and reply,
and one IOPub message seen before the client goes on.
"""
from __future__ import annotations

import zmq
from jupyter_client.asynchronous import AsyncKernelClient

#: Longest wait for an IOPub message during the start-up handshake (jupyter_client: 0.2 s).
IOPUB_QUIET = 0.01
#: How soon a socket of the client tries again to reach a kernel not yet listening (ZMQ: 100 ms).
RECONNECT_MS = 5


class PromptKernelClient(AsyncKernelClient):
    def start_channels(self, *args, **kwargs) -> None:
        # the client's own context (jupyter_client makes one per client): its sockets only
        self.context.setsockopt(zmq.RECONNECT_IVL, RECONNECT_MS)
        super().start_channels(*args, **kwargs)

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        channel = self.iopub_channel
        get_msg = channel.get_msg

        async def capped(timeout: float | None = None):
            return await get_msg(timeout=IOPUB_QUIET if timeout is None else min(timeout, IOPUB_QUIET))

        channel.get_msg = capped  # on this channel object only, for the handshake
        try:
            await super().wait_for_ready(timeout)
        finally:
            del channel.get_msg

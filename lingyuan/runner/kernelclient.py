"""The kernel client of ``python -m lingyuan run``: jupyter_client's AsyncKernelClient,
waiting 0.05 s instead of 0.2 s for stray IOPub messages once the kernel is ready.

After the kernel_info handshake, ``wait_for_ready`` drains the IOPub channel until it
has been quiet for 0.2 s: 0.2 s of idle time before every notebook, 6 s of a 31-run
matrix. Over local sockets the messages it waits for arrive within milliseconds,
and nbclient ignores IOPub messages that answer another request anyway. The
handshake itself is jupyter_client's, unchanged: only its IOPub reads are capped.
"""
from __future__ import annotations

from jupyter_client.asynchronous import AsyncKernelClient

#: Longest wait for an IOPub message during the start-up handshake (jupyter_client: 0.2 s).
IOPUB_QUIET = 0.05


class PromptKernelClient(AsyncKernelClient):
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

"""Preloaded kernels: ipykernel processes forked from a process that has already
imported what the notebooks import.

A notebook run pays twice for imports before its first chart: the kernel itself
(IPython, zmq, tornado: about 0.3 s) and the notebook's first cell (pandas,
matplotlib, seaborn, pandera, the ``lingyuan`` package: about 0.7 s), in every one
of the 31 runs. ``python -m lingyuan run`` instead starts one *fork server* per
run of the matrix. It imports those modules once (ipykernel's, and what the code cells of
the notebooks to run import: ``preload_modules``), then, for each kernel, forks; the
child becomes a new session, takes the environment, working directory and
arguments jupyter_client would have given the kernel, and runs ipykernel's
``IPKernelApp`` exactly as ``python -m ipykernel_launcher`` does. papermill and
nbclient talk to it over ZMQ as to any kernel; the kernel's namespace is fresh.

What a forked kernel shares with its siblings: modules already imported (the code
of the run, since the server starts with the run), the hash seed of ``str``, and
nothing else that matters: ``random`` reseeds itself after a fork and NumPy's
global generator is reseeded here. Before each fork the server also reads and validates
the project's processed tables when their files changed (``warm_data``): a notebook's
``load`` of the same bytes then costs a hash and a copy instead of parsing and pandera. The server forks only kernels whose command is
``<this python> -m ipykernel_launcher`` and whose environment matches its own in
everything but jupyter_client's own variables; anything else (another kernel, an
extra variable in the kernel spec) starts the usual way. Once the first kernel is
forked, while it runs, the server draws a sample chart in memory (``WARM``), so the
kernels forked after it start with their first chart's one-off costs paid; it closes
the font files that opened, so children share no open file offsets.

``python -m lingyuan run --fresh-kernels`` turns the preload off: the server then
imports nothing and *execs* each kernel's command in the forked child, so every kernel
is a new interpreter, still a child of the server. Either way the server is what ends
the kernels: when the runner ends, however it ends (even ``kill -9``), the server's
socket closes and it kills the process group of every kernel still alive, which takes
the processes a notebook started with it.

Protocol, over a socket pair, one JSON object per line:

* server -> client, once: ``{"ready": pid}`` when the preload is done;
* client -> server: ``{"id": n, "argv": [...], "env": {...}, "cwd": path}``;
* server -> client: ``{"id": n, "pid": pid}`` or ``{"id": n, "error": text}``;
* server -> client: ``{"exit": pid, "status": code}`` when a kernel has ended
  (code as ``subprocess.Popen.returncode``: negative for a signal).

The server ends when its socket closes (the runner ended, however it ended),
killing the kernels it forked that are still alive.
"""
from __future__ import annotations

import atexit
import contextlib
import importlib
import itertools
import json
import os
import queue
import select
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path


#: What ipykernel imports while it starts (its debugger's pydevd is the largest part):
#: imported by every server that preloads, whatever its notebooks import
KERNEL_MODULES = (
    "ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "ipykernel.debugger",
    "IPython.core.debugger", "IPython.core.completerlib", "IPython.extensions.storemagic",
    "IPython.display", "IPython.core.logger", "IPython.core.oinspect", "IPython.utils.wildcard",
    "sqlite3", "tornado.ioloop", "tornado.platform.asyncio", "faulthandler", "runpy",
)


def notebook_imports(paths) -> list[str]:
    """The modules the code cells of the notebooks at *paths* import, in order, once each:
    ``import a.b`` gives a.b; ``from a.b import c`` gives a.b and a.b.c (which may be a
    module, or a name: a name fails to import, and is skipped). A cell that is not plain
    Python (a magic, a shell escape) gives what its Python lines import."""
    import ast
    import json

    found: dict[str, None] = {}
    for path in paths:
        try:
            cells = json.loads(Path(path).read_text(encoding="utf-8")).get("cells", [])
        except (OSError, ValueError):
            continue  # the run reports an unreadable notebook itself
        for cell in cells:
            if cell.get("cell_type") != "code":
                continue
            source = "".join(cell.get("source", ""))
            lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
            try:
                tree = ast.parse("\n".join(lines))
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    found.update((alias.name, None) for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    found[node.module] = None
                    found.update((f"{node.module}.{alias.name}", None) for alias in node.names if alias.name != "*")
    return list(found)


def preload_modules(notebooks=None) -> list[str]:
    """What a server preloads for kernels running *notebooks* (paths; by default the
    project's notebooks): KERNEL_MODULES, then what their code cells import (with the
    modules those import in turn). A matrix of notebooks that import little (a toy) makes a
    server that imports little: 0.3 s instead of 1.1 s for the project's."""
    if notebooks is None:
        from lingyuan import NOTEBOOKS_DIR

        notebooks = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
    return [*KERNEL_MODULES, *(m for m in notebook_imports(notebooks) if m not in KERNEL_MODULES)]


#: Read the project's processed tables before each fork (``warm_data``) only when the
#: preload imported this (the notebooks use the package's data)
DATA_MODULE = "lingyuan.dataset"

#: A module the preload imported (the notebooks draw charts with it) -> the module whose
#: ``warm()`` the server calls once, after forking the first kernel (while that kernel
#: runs): the kernels forked later start with backends imported and text measured (the
#: first chart of a new process costs about 0.05 s more than the next)
WARM = {"lingyuan.analysis.chartfiles": "lingyuan.analysis.warmup"}

#: The backend ipykernel selects when MPLBACKEND is unset; matplotlib reads it at import.
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"

#: Variables jupyter_client or ipykernel set for a kernel; they may differ from the server's.
KERNEL_VARIABLES = frozenset({"JPY_PARENT_PID", "JPY_SESSION_NAME", "JPY_INTERRUPT_EVENT",
                              "IPY_INTERRUPT_EVENT", "PYDEVD_DISABLE_FILE_VALIDATION"})


def server_environment(env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of the fork server: the runner's, with ipykernel's default backend."""
    env = dict(os.environ if env is None else env)
    env.setdefault("MPLBACKEND", INLINE_BACKEND)
    # pydevd (ipykernel's debugger) warns at import, on our stderr, that frozen modules may
    # hide breakpoints; kernels started anew do not show it, nor should the preload
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    return env


def _comparable(env: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in env.items() if k not in KERNEL_VARIABLES}


# --- the server (python -m lingyuan.runner.kernelfork FD) ---------------------------------------

def _send(sock: socket.socket, message: dict) -> None:
    sock.sendall(json.dumps(message).encode("utf-8") + b"\n")


def _child(argv: list[str], env: dict[str, str], cwd: str | None, sock: socket.socket,
           wake_r: int, wake_w: int, started: int, exec_: bool = False) -> None:
    """In the forked child: become the kernel (with *exec_*, exec its command). Never returns."""
    code = 1
    try:
        os.setsid()  # its own session, as jupyter_client starts kernels: killpg reaches it alone
        os.write(started, b"1")
        os.close(started)
        sock.close()
        signal.set_wakeup_fd(-1)
        os.close(wake_r)
        os.close(wake_w)
        for sig in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        if cwd:
            os.chdir(cwd)
        env = dict(env)
        env["JPY_PARENT_PID"] = str(os.getppid())  # ipykernel's parent poller watches the server
        if exec_:
            os.execvpe(argv[0], argv, env)
        os.environ.clear()
        os.environ.update(env)
        import ipykernel_launcher  # noqa: F401  (its body runs only as __main__)

        sys.argv = [ipykernel_launcher.__file__, *argv[3:]]
        if "numpy" in sys.modules:
            sys.modules["numpy"].random.seed()
        from ipykernel import kernelapp

        kernelapp.launch_new_instance()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # noqa: BLE001  (reported on stderr, like a kernel that fails to start)
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        try:
            atexit._run_exitfuncs()
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def serve(fd: int, modules: list[str] | None) -> None:
    """Import *modules* (with None: nothing, and each kernel is exec'ed), then fork a kernel
    for each request on socket *fd* until it closes."""
    preload = modules is not None
    sock = socket.socket(fileno=fd)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the runner decides when we stop
    # ipykernel_launcher drops the working directory from sys.path; so do we
    if sys.path and (sys.path[0] == "" or Path(sys.path[0]) == Path.cwd()):
        del sys.path[0]
    # ipykernel reads JPY_PARENT_PID when it is imported (IPKernelApp.parent_handle): our
    # pid is the parent pid of every kernel forked here, so its parent poller watches us
    os.environ["JPY_PARENT_PID"] = str(os.getpid())
    for name in modules or ():
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001  (a kernel would meet the same error at its import)
            pass
    seen: dict | None = {} if DATA_MODULE in sys.modules else None  # the tables' stats (warm_data)
    warming = [module for trigger, module in WARM.items() if trigger in sys.modules]
    _send(sock, {"ready": os.getpid()})
    children: set[int] = set()
    buffer = b""
    # a child's end wakes the loop at once (the byte SIGCHLD writes to the pipe), so the
    # runner hears of a killed kernel within milliseconds
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_r, False)
    os.set_blocking(wake_w, False)
    signal.signal(signal.SIGCHLD, lambda signum, frame: None)
    signal.set_wakeup_fd(wake_w)
    try:
        while True:
            readable, _, _ = select.select([sock, wake_r], [], [], 1.0)
            if wake_r in readable:
                with contextlib.suppress(BlockingIOError):
                    os.read(wake_r, 4096)
            _reap(sock, children)
            if sock not in readable:
                continue
            data = sock.recv(1 << 20)
            if not data:
                break
            buffer += data
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                _fork(json.loads(line), sock, children, (wake_r, wake_w), exec_=not preload, seen=seen)
            if warming and children:
                warm(warming)
                warming = []
    except (BrokenPipeError, ConnectionResetError):
        pass
    finally:
        for pid in children:
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                pass
        _reap(None, children)


def warm(modules: list[str]) -> None:
    """Call ``warm()`` of each of *modules* (one that fails is skipped: a kernel would meet
    the same error in its own first chart, and report it)."""
    for name in modules:
        try:
            importlib.import_module(name).warm()
        except Exception:  # noqa: BLE001
            pass


def warm_data(seen: dict) -> None:
    """Read and validate the project's processed tables here, once for every kernel forked
    after (``lingyuan.dataset.load.preload``), when their files changed since the last
    call (*seen* keeps their stats). The tables are kept by the hash of their bytes, so
    a kernel whose notebook reads other bytes reads them itself: this only saves work."""
    try:
        from lingyuan import DATA_PROCESSED
        from lingyuan.dataset import schema
        from lingyuan.dataset.load import preload
        from lingyuan.runner.basics import file_stats

        stats = file_stats(DATA_PROCESSED / t.path for t in schema.PROCESSED_TABLES.values())
        if stats != seen.get("stats"):
            seen["stats"] = stats
            preload(DATA_PROCESSED)
    except Exception:  # noqa: BLE001  (a kernel meets the same error, and reports it, itself)
        pass


def _fork(request: dict, sock: socket.socket, children: set[int], wake: tuple[int, int],
          exec_: bool, seen: dict | None = None) -> None:
    """Fork one kernel for *request* and answer with its pid (or the error); with *seen*
    (the preload imported the package's data), read the project's tables first."""
    if not exec_ and seen is not None:
        warm_data(seen)
    started_r, started_w = os.pipe()
    try:
        pid = os.fork()
    except OSError as exc:
        os.close(started_r)
        os.close(started_w)
        _send(sock, {"id": request["id"], "error": f"fork failed: {exc}"})
        return
    if pid == 0:
        os.close(started_r)
        _child(request["argv"], request["env"], request.get("cwd"), sock, *wake, started_w, exec_=exec_)
    children.add(pid)
    # reply once the child leads its own session, so that a signal sent to its
    # process group right after the reply reaches it
    os.close(started_w)
    with contextlib.suppress(OSError):
        os.read(started_r, 1)  # b"" if it died first: its exit is reported next
    os.close(started_r)
    _send(sock, {"id": request["id"], "pid": pid})


def _reap(sock: socket.socket | None, children: set[int]) -> None:
    for pid in list(children):
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            done, status = pid, 0
        if done:
            children.discard(pid)
            if sock is not None:
                _send(sock, {"exit": pid, "status": os.waitstatus_to_exitcode(status)})


# --- the client (in the runner) ----------------------------------------------------------

def signal_group(pid: int, sig: int) -> None:
    """Send *sig* to the process group *pid* leads (a kernel leads its own session, so
    this reaches what it started too), or to the process alone if it leads none; a
    process that is gone is no error."""
    for send in (os.killpg, os.kill):
        try:
            send(pid, sig)
            return
        except OSError:
            continue


class ForkedKernel:
    """The part of ``subprocess.Popen`` that jupyter_client's LocalProvisioner uses,
    for a kernel that is the fork server's child rather than ours."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self.ended = threading.Event()

    def poll(self) -> int | None:
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if not self.ended.wait(timeout):
            raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout)
        return self.returncode  # type: ignore[return-value]

    def send_signal(self, sig: int) -> None:
        if self.returncode is None:
            signal_group(self.pid, sig)
            if sig == signal.SIGKILL:
                # the server reports the end within milliseconds; waiting for it here
                # spares jupyter_client's 0.1 s polling on the kernel's shutdown
                self.ended.wait(0.5)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def _ended(self, status: int) -> None:
        self.returncode = status
        self.ended.set()


class ForkServer:
    """The runner's handle on a fork server: ``spawn`` a kernel, ``close`` at the end."""

    def __init__(self, python: str = sys.executable, env: dict[str, str] | None = None,
                 preload: bool = True, notebooks=None) -> None:
        """The server preloads what kernels running *notebooks* need (``preload_modules``;
        by default the project's notebooks). With *preload* false it imports nothing and
        execs every kernel's command (a new interpreter each time) instead of forking a
        preloaded one."""
        self.env = server_environment(env)
        self.python = python
        self.preload = preload
        ours, theirs = socket.socketpair()
        self.proc = subprocess.Popen(
            [python, "-m", "lingyuan.runner.kernelfork", str(theirs.fileno())]
            + (preload_modules(notebooks) if preload else ["--exec"]),
            pass_fds=[theirs.fileno()], env=self.env, stdin=subprocess.DEVNULL,
            start_new_session=True)
        theirs.close()
        self.sock = ours
        self.ready = threading.Event()
        self.settled = threading.Event()  # ready, or ended before it was
        self.closed = False
        self.lock = threading.Lock()
        self.replies: dict[int, queue.Queue] = {}
        self.kernels: dict[int, ForkedKernel] = {}
        self.ids = itertools.count(1)
        self.forked = 0  # kernels forked so far
        self.reader = threading.Thread(target=self._read, name="lingyuan-forkserver", daemon=True)
        self.reader.start()

    def _read(self) -> None:
        buffer = b""
        try:
            while True:
                data = self.sock.recv(1 << 16)
                if not data:
                    break
                buffer += data
                while b"\n" in buffer:
                    line, buffer = buffer.split(b"\n", 1)
                    self._dispatch(json.loads(line))
        except OSError:
            pass
        finally:
            self.closed = True
            self.ready.clear()
            self.settled.set()
            with self.lock:
                replies = list(self.replies.values())
                kernels = list(self.kernels.values())
            for reply in replies:
                reply.put({"error": "the fork server ended"})
            for kernel in kernels:  # the server killed them on its way out
                if kernel.returncode is None:
                    kernel._ended(-signal.SIGKILL)

    def _dispatch(self, message: dict) -> None:
        if "ready" in message:
            self.ready.set()
            self.settled.set()
        elif "exit" in message:
            with self.lock:
                kernel = self.kernels.pop(message["exit"], None)
            if kernel is not None:
                kernel._ended(message["status"])
        else:
            with self.lock:
                reply = self.replies.pop(message["id"], None)
                if "pid" in message:
                    self.forked += self.preload
                    self.kernels[message["pid"]] = ForkedKernel(message["pid"])
                    message["kernel"] = self.kernels[message["pid"]]
            if reply is not None:
                reply.put(message)

    def can_fork(self, argv: list[str], env: dict[str, str] | None) -> bool:
        """Whether a kernel with this command and environment can be forked here (any
        command can be exec'ed)."""
        if not self.preload:
            return bool(argv)
        if len(argv) < 3 or argv[1:3] != ["-m", "ipykernel_launcher"]:
            return False
        if os.path.abspath(argv[0]) != os.path.abspath(self.python):
            return False  # another interpreter, perhaps another virtual environment
        return env is None or _comparable(server_environment(env)) == _comparable(self.env)

    def spawn(self, argv: list[str], env: dict[str, str] | None = None, cwd: str | None = None,
              wait: float = 15.0) -> ForkedKernel | None:
        """Fork a kernel running *argv* (``python -m ipykernel_launcher ...``); None when
        this server cannot (not ready within *wait* seconds, ended, or another kind of
        kernel): the caller then starts the kernel the usual way."""
        if self.closed or not self.can_fork(argv, env):
            return None
        self.settled.wait(wait)  # the preload takes about 1.5 s; a kernel started anew, longer
        if not self.ready.is_set():
            return None
        request_id = next(self.ids)
        reply: queue.Queue = queue.Queue()
        with self.lock:
            self.replies[request_id] = reply
        try:
            _send(self.sock, {"id": request_id, "argv": list(argv), "env": dict(env or self.env),
                              "cwd": None if cwd is None else str(cwd)})
        except OSError:
            with self.lock:
                self.replies.pop(request_id, None)
            return None
        try:
            message = reply.get(timeout=30)
        except queue.Empty:
            return None
        return message.get("kernel")

    def close(self) -> None:
        """End the server; it kills the kernels it forked that are still alive."""
        self.closed = True
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.reader.join(timeout=5)


if __name__ == "__main__":
    if len(sys.argv) < 2 or not sys.argv[1].isdigit() or ("--exec" in sys.argv[2:] and len(sys.argv) != 3):
        sys.exit("usage: python -m lingyuan.runner.kernelfork FD [--exec | MODULE ...]  "
                 "(started by `python -m lingyuan run`)")
    # serve from the imported module, not from __main__: Python 3.12+ warns (a
    # DeprecationWarning, shown by default only for code in __main__) when a process
    # with threads forks, and BLAS keeps a thread, which its own fork handlers make safe
    from lingyuan.runner import kernelfork

    kernelfork.serve(int(sys.argv[1]), None if sys.argv[2:] == ["--exec"] else sys.argv[2:])

"""The launcher's quickest way to hand a command to the running server (ADR 0023).

The same client as uk.saferschools.oversight.CommandHandover (its main), in the system's Python, which starts in
a few hundredths of a second where a JVM takes a tenth or two: ./oversight uses it for import and audit verify when
/usr/bin/python3 is there, and the Java client otherwise. Both speak protocol version 1, byte for byte:

  request:  int version, UTF working directory, int terminal columns (0: none), UTF settings digest,
            int argument count, UTF each argument
  answer:   frames of one byte and a payload: 'O' UTF (standard output), 'E' UTF (standard error),
            'X' int (the command's exit status, last), 'A' UTF (run the command alone, saying why, last)

with ints big-endian and UTF as Java's DataOutputStream writes it (modified UTF-8 after a two-byte length).
Exit status: the command's; 125 when it is to run alone (no server listening, not this user's server, other
settings); 4 when the server stopped answering part-way; 130 when interrupted. HandingACommandToTheRunningServerTest
runs every case through both clients.
"""

import hashlib
import os
import socket
import struct
import sys

VERSION = 1
SERVER_STOPPED_ANSWERING = 4
NOT_LISTENING = 125
SETTINGS = ("OVERSIGHT_DATABASE_URL", "OVERSIGHT_DATABASE_USER", "OVERSIGHT_DATABASE_PASSWORD",
            "OVERSIGHT_DATABASE_OWNER_USER", "OVERSIGHT_DATABASE_OWNER_PASSWORD", "OVERSIGHT_PSEUDONYMISATION_KEY",
            "OVERSIGHT_MAX_IMPORT_SIZE")


def java_utf(text):
    """Java's modified UTF-8, after its two-byte length: NUL as two bytes, characters beyond the BMP as surrogates."""
    units = text.encode("utf-16-be", "surrogatepass")
    out = bytearray()
    for i in range(0, len(units), 2):
        c = (units[i] << 8) | units[i + 1]
        if 0 < c < 0x80:
            out.append(c)
        elif c < 0x800:
            out += bytes((0xC0 | c >> 6, 0x80 | c & 0x3F))
        else:
            out += bytes((0xE0 | c >> 12, 0x80 | c >> 6 & 0x3F, 0x80 | c & 0x3F))
    if len(out) > 0xFFFF:
        raise ValueError("longer than the exchange's strings hold (64 KB)")
    return struct.pack(">H", len(out)) + bytes(out)


def from_java_utf(data):
    """The text of Java's modified UTF-8."""
    return (data.replace(b"\xc0\x80", b"\x00").decode("utf-8", "surrogatepass")
            .encode("utf-16", "surrogatepass").decode("utf-16", "replace"))


def settings(environment):
    """As CommandHandover.settings: a digest of the settings a command and its server must share."""
    text = "".join(name + (" unset" if environment.get(name) is None else "=" + environment[name]) + "\n"
                   for name in SETTINGS)
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def terminal_columns():
    """As CommandHandover.terminalColumns: 0 without a terminal, else the launcher's width, else 80."""
    if not (os.isatty(0) and os.isatty(1)):
        return 0
    try:
        columns = int(os.environ.get("OVERSIGHT_TERMINAL_COLUMNS", "80").strip())
        return columns if 20 <= columns <= 1000 else 80
    except ValueError:
        return 80


def may_be_handed_over(args):
    named = len(args) > 0 and (args[0] == "import" or args[0] == "audit" and len(args) > 1 and args[1] == "verify")
    return named and not any(a.startswith("@") for a in args) and os.environ.get("OVERSIGHT_NO_HANDOVER") != "1"


def read_exactly(connection, n):
    data = bytearray()
    while len(data) < n:
        chunk = connection.recv(n - len(data))
        if not chunk:
            raise EOFError("it closed the connection")
        data += chunk
    return bytes(data)


def write(stream, text):
    try:
        stream.write(text)
        stream.flush()
    except (BrokenPipeError, OSError):
        pass  # as Java's PrintStream: output nobody reads is dropped, the command goes on


sent = []  # whether the request has gone (from then on the command may be under way on the server)


def hand_over(data_directory, working_directory, args):
    socket_path = os.path.abspath(os.path.join(data_directory, "command", "socket"))
    if not os.path.exists(socket_path):
        return None
    try:
        request = struct.pack(">i", VERSION) + java_utf(working_directory) + struct.pack(">i", terminal_columns()) \
            + java_utf(settings(os.environ)) + struct.pack(">i", len(args)) + b"".join(java_utf(a) for a in args)
    except ValueError:
        return None
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.connect(socket_path)
    except OSError:
        connection.close()
        return None
    with connection:
        try:
            # who is listening, as the kernel says: this user or root, or it is told nothing
            _, uid, _ = struct.unpack("3i", connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED,
                                                                  struct.calcsize("3i")))
        except (OSError, AttributeError, struct.error):
            return None  # a system that cannot say: the Java client, or the command alone, decides
        if uid != os.getuid() and uid != 0:
            return None
        try:
            sent.append(True)
            connection.sendall(request)
            while True:
                kind = read_exactly(connection, 1)
                if kind == b"X":
                    return struct.unpack(">i", read_exactly(connection, 4))[0]
                length = struct.unpack(">H", read_exactly(connection, 2))[0]
                text = from_java_utf(read_exactly(connection, length))
                if kind == b"A":
                    write(sys.stderr, text)
                    return None
                write(sys.stderr if kind == b"E" else sys.stdout, text)
        except (OSError, EOFError, ValueError, struct.error) as e:
            write(sys.stdout, "")
            write(sys.stderr, "oversight: the server running on " + os.path.abspath(data_directory)
                  + " stopped answering before the command finished (" + (str(e) or "it closed the connection")
                  + "). Its log says how far it got; each file is imported whole or not at all. Run the command again.\n")
            return SERVER_STOPPED_ANSWERING


def main(args):
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(errors="replace")
    configured = os.environ.get("OVERSIGHT_DATA_DIRECTORY")
    data_directory = "data" if configured is None or not configured.strip() else configured
    try:
        status = hand_over(data_directory, os.getcwd(), args) if may_be_handed_over(args) else None
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # a fault of this client: never a command run twice, nor a command dropped unsaid
        write(sys.stderr, "oversight: the quick client failed (" + repr(e) + ")"
              + (": the server may still be doing the command; its log says.\n" if sent else "; running the command here.\n"))
        return SERVER_STOPPED_ANSWERING if sent else NOT_LISTENING
    return NOT_LISTENING if status is None else status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

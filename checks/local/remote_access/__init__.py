"""remote-access: nobody can reach or control this computer from elsewhere without the family knowing."""

from auditor.check import Check
from auditor.model import CheckSpec, Fix, Severity

from . import linux

SPEC = CheckSpec(
    id="remote-access",
    title="Nobody can reach or control this computer remotely",
    strategy="personal-info",
    severity=Severity.CRITICAL,
    platforms=("linux",),
    why=(
        "Scammers often ask people to install a remote-control app so they can \u201chelp\u201d. Anyone who can "
        "see and control the screen from elsewhere can open your photos and messages, so no such door should be "
        "open unless you opened it yourself on purpose."
    ),
    looks_at={
        "linux": (
            "Running programs for remote-control apps (TeamViewer, AnyDesk, RustDesk, Chrome Remote Desktop, "
            "NoMachine, RealVNC, DWService, Splashtop) and screen-sharing servers (x11vnc, TigerVNC, xrdp), and "
            "the network ports open to other computers: SSH (22), RDP (3389, 3390) and VNC (5900-5909). Ports "
            "open only to this computer itself (127.0.0.1, ::1) do not count."
        ),
    },
    fixes={
        "linux": Fix(
            steps=(
                "If a remote-control app is named above and you did not install it yourself, or someone on the "
                "phone or online asked you to: close it, disconnect from the internet, and talk to someone you "
                "trust. You are not in trouble.",
                "Remove the app from your software centre (or with your package manager) so it cannot start again.",
                "If someone did connect, change the passwords of your important accounts from a different device.",
                "Switch off remote login (SSH) and screen sharing you do not use.",
            ),
            more_info="https://consumer.ftc.gov/articles/how-spot-avoid-and-report-tech-support-scams",
        ),
        "linux:gnome": Fix(
            steps=(
                "If a remote-control app is named above and you did not install it yourself, or someone asked you "
                "to: close it, disconnect from the internet, and talk to someone you trust. You are not in trouble.",
                "Open Settings, then Sharing (or System, then Remote Desktop), and switch off Remote Desktop, "
                "Screen Sharing and Remote Login unless you use them on purpose.",
                "Remove any remote-control app you did not choose from the Software app.",
            ),
            settings_command=("gnome-control-center", "sharing"),
            more_info="https://consumer.ftc.gov/articles/how-spot-avoid-and-report-tech-support-scams",
        ),
        "linux:kde": Fix(
            steps=(
                "If a remote-control app is named above and you did not install it yourself, or someone asked you "
                "to: close it, disconnect from the internet, and talk to someone you trust. You are not in trouble.",
                "Close Desktop Sharing (krfb) and, in System Settings, switch off Remote Desktop unless you use it "
                "on purpose.",
                "Remove any remote-control app you did not choose from Discover.",
            ),
            more_info="https://consumer.ftc.gov/articles/how-spot-avoid-and-report-tech-support-scams",
        ),
    },
    timeout=10.0,
)

CHECK = Check(SPEC, {"linux": linux.probe})

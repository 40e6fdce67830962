#!/usr/bin/python3
"""What a window manager does to a test's window on a bare X server (Xvfb, no window manager):

  x11window.py state TITLE   prints "viewable", "unmapped" (hidden) or "none" (no such window)
  x11window.py close TITLE   asks the window to close as a window manager's close button does
                             (a WM_DELETE_WINDOW client message); exit status 1 when there is
                             no such window

The window is found by its WM_NAME among the top-level windows of $DISPLAY. Debian's interpreter
and python3-xlib (DESIGN.md, second round, decision 15).
"""

import sys

from Xlib import X, display, protocol


def find(dpy, title):
    found = []
    pending = [dpy.screen().root]
    while pending:
        window = pending.pop()
        try:
            if window.get_wm_name() == title:
                found.append(window)
            pending.extend(window.query_tree().children)
        except Exception:  # a window that went away meanwhile
            continue
    # A viewable one first (Qt keeps a few helper windows unmapped).
    for window in found:
        if window.get_attributes().map_state == X.IsViewable:
            return window
    return found[0] if found else None


def main(argv):
    if len(argv) != 3 or argv[1] not in ("state", "close"):
        print(__doc__, file=sys.stderr)
        return 2
    dpy = display.Display()
    window = find(dpy, argv[2])
    if argv[1] == "state":
        if window is None:
            print("none")
        elif window.get_attributes().map_state == X.IsViewable:
            print("viewable")
        else:
            print("unmapped")
        return 0
    if window is None:
        return 1
    protocols = dpy.intern_atom("WM_PROTOCOLS")
    delete = dpy.intern_atom("WM_DELETE_WINDOW")
    event = protocol.event.ClientMessage(
        window=window, client_type=protocols, data=(32, [delete, X.CurrentTime, 0, 0, 0]))
    window.send_event(event, event_mask=X.NoEventMask)
    dpy.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

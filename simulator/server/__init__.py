"""The workshop server (``python main.py serve``): uploads from every laptop, verified, on a live board.

Needs the ``server`` extras (Starlette, uvicorn): ``pip install -e ".[server]"``. The game itself
does not: it uploads with the standard library (``simulator.store.outbox``).
"""

"""The reference importer of `make bench`: a straightforward Python asyncio + aiohttp import of a
contacts CSV, as someone would write it by hand. Per row: GET find-or-create/async, then PUT the
other columns as attributes. N workers share one keep-alive session (N = --concurrency).

Usage: python3 bench/aiohttp_import.py FILE BASE_URL TOKEN CONCURRENCY  -> prints rows/s as JSON
"""
import asyncio
import csv
import json
import sys
import time
import urllib.parse

import aiohttp


async def main(path, base, token, concurrency):
    queue = asyncio.Queue(maxsize=concurrency * 4)
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    done = {"ok": 0, "failed": 0}

    async def worker(session):
        while True:
            row = await queue.get()
            if row is None:
                return
            email = row.pop("email")
            try:
                url = f"{base}/contacts/find-or-create/async?email={urllib.parse.quote(email, safe='')}"
                async with session.get(url) as answer:
                    uuid = (await answer.json())["data"]["uuid"]
                async with session.put(f"{base}/contacts/{uuid}", json={"attributes": row}) as answer:
                    await answer.read()
                    done["ok" if answer.status == 200 else "failed"] += 1
            except Exception:
                done["failed"] += 1

    start = time.perf_counter()
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(headers=headers, connector=connector) as session:
        workers = [asyncio.create_task(worker(session)) for _ in range(concurrency)]
        with open(path, newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                await queue.put(row)
        for _ in workers:
            await queue.put(None)
        await asyncio.gather(*workers)
    seconds = time.perf_counter() - start
    rows = done["ok"] + done["failed"]
    print(json.dumps({"rows": rows, "ok": done["ok"], "seconds": seconds, "rows_per_second": rows / seconds}))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])))

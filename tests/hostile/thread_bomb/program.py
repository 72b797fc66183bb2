# Starts sleeping threads until the sandbox refuses more.
import threading, time
count = 0
while True:
    threading.Thread(target=time.sleep, args=(60,), daemon=True).start()
    count += 1

import Sandbox
import ArgumentParser
print("x")

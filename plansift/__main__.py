from plansift.cli import run

run()

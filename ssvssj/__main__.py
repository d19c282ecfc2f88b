from ssvssj.cli import main

main()

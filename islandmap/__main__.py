from islandmap.cli import main

main()

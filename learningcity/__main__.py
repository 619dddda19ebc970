from learningcity.cli import main

main()
